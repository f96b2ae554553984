package dev.vigil.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends browsers from {@code GET /} to the dashboard. Only GET is routed here: {@code POST /} stays the CloudEvents
 * entry of the Funqy functions. The page itself is static (META-INF/resources/dashboard), its icon too, which
 * {@code /favicon.ico} redirects to.
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String PAGE = "/dashboard/";
    static final String ICON = "/dashboard/favicon.svg";

    void register(@Observes Router router) {
        // a low order runs before the Funqy handler, which takes every method on "/"
        router.get("/").order(-1000).handler(DashboardRoutes::toDashboard);
        // Vert.x matches "/dashboard" with and without the trailing slash; only the bare one is redirected
        router.getWithRegex("/dashboard").order(-1000).handler(DashboardRoutes::toDashboard);
        // what browsers ask for on any page of the server that names no icon (the API's, Swagger UI)
        router.get("/favicon.ico").order(-1000).handler(rc -> rc.response().setStatusCode(302)
                .putHeader("Location", ICON).end());
    }

    private static void toDashboard(RoutingContext rc) {
        rc.response().setStatusCode(302).putHeader("Location", PAGE).end();
    }
}
