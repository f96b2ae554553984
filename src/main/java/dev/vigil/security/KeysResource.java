package dev.vigil.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/admin/keys}: the configured keys by name and roles, never their secrets, so an admin can check
 * a deployment's configuration. Keys are managed in configuration ({@code VIGIL_KEYS}, typically from a secret
 * store), not at run time.
 */
@Path("/api/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    /** A key as shown to admins. */
    public record KeyView(String name, List<String> roles) {
    }

    private final ApiKeys keys;

    public KeysResource(KeysHolder holder) {
        this.keys = holder.keys();
    }

    @GET
    @Operation(summary = "The configured API keys: names and roles (role admin)")
    public List<KeyView> keys() {
        return keys.keys().stream()
                .map(k -> new KeyView(k.name(), k.roles().stream().sorted().map(Role::label).toList())).toList();
    }
}
