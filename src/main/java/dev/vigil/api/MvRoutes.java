package dev.vigil.api;

import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** What a multivariate route's path decides: the version's shapes, and the URLs its answers point to. */
final class MvRoutes {

    private MvRoutes() {
    }

    /** True for GA v1.1, false for the previews; 404 for v1.0 (which had no multivariate API) and unknown ones. */
    static boolean isGa(String version) {
        ApiVersion v = ApiVersion.fromPath(version).orElse(ApiVersion.V1_0);
        if (v == ApiVersion.V1_0) {
            throw new AzureApiException(404, "404", "Resource not found");
        }
        return v == ApiVersion.V1_1;
    }

    /** {@code rest} under the version's {@code multivariate/} root: a Location or Operation-Location. */
    static URI url(UriInfo uri, String version, String rest) {
        return uri.getBaseUriBuilder().path("anomalydetector").path(version).path("multivariate").build()
                .resolve("multivariate/" + rest);
    }
}
