package dev.vigil.security;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Documents authentication in the OpenAPI document from the same {@link AccessPolicy} that enforces it: the two
 * schemes (bearer and {@code X-API-Key}), and on every operation the role it needs ({@code x-vigil-role}) and the
 * requirement of either scheme. Registered by {@code mp.openapi.filter}.
 */
public class RoleDocs implements OASFilter {

    static final String BEARER = "bearer";
    static final String HEADER = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("An API key of VIGIL_KEYS: Authorization: Bearer <key>"))
                .addSecurityScheme(HEADER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("X-API-Key").description("The same key in X-API-Key"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            Map<PathItem.HttpMethod, Operation> operations = path.getValue().getOperations();
            if (operations == null) {
                continue;
            }
            operations.forEach((method, operation) -> {
                AccessPolicy.Need need = AccessPolicy.need(method.name(), path.getKey(), null);
                if (need.isPublic()) {
                    return;
                }
                operation.addExtension("x-vigil-role", need.role().label());
                SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme(BEARER, List.of());
                SecurityRequirement header = OASFactory.createSecurityRequirement().addScheme(HEADER, List.of());
                operation.setSecurity(List.of(bearer, header));
            });
        }
    }
}
