package dev.vigil.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a form body ({@code multipart/*}, {@code application/x-www-form-urlencoded}, not empty) before anything
 * reads it, with the 415 every other wrong Content-Type gets. No endpoint takes a form, but the framework decodes
 * one before the resource refuses it: a body that is no valid form (JSON sent as {@code multipart/form-data}, as a
 * walk did) held the connection for a minute and ended with an empty reply, a worker thread taken all along.
 */
class FormBodies {

    @ServerRequestFilter(preMatching = true)
    void refuse(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type != null && hasBody(request) && (type.getType().equalsIgnoreCase("multipart")
                || type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE))) {
            throw new WebApplicationException(Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    /**
     * An empty form is no body at all: many clients label a POST without one as a form ({@code curl -d ''},
     * RestAssured), and an action such as a dismiss takes none.
     */
    private static boolean hasBody(ContainerRequestContext request) {
        return request.getLength() > 0
                || request.getLength() < 0 && request.getHeaderString("Transfer-Encoding") != null;
    }
}
