package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A fault answered on an Azure route carries the multivariate table's code for it (azure-api.md §5.7). */
class ApiExceptionMappersTest {

    private static UriInfo at(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? path : null);
    }

    @Test
    void anUnexpectedFaultIsAzuresUnexpectedError() {
        Response r = new ApiExceptionMappers().unexpected(new IllegalStateException("boom"),
                at("/anomalydetector/v1.1/multivariate/models"));
        assertEquals(500, r.getStatus());
        assertEquals("UnexpectedError", r.getHeaderString(ApiExceptionMappers.ERROR_HEADER));
        assertEquals("UnexpectedError", ((JsonNode) r.getEntity()).get("code").asText());
    }
}
