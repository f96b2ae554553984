package dev.vigil.dashboard;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sends browsers from {@code GET /} to the dashboard. Only GET is routed here: {@code POST /} stays the CloudEvents
 * entry of the Funqy functions. The page itself is static (META-INF/resources/dashboard).
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String PAGE = "/dashboard/";

    void register(@Observes Router router) {
        // a low order runs before the Funqy handler, which takes every method on "/"
        router.get("/").order(-1000).handler(DashboardRoutes::toDashboard);
        // Vert.x matches "/dashboard" with and without the trailing slash; only the bare one is redirected
        router.getWithRegex("/dashboard").order(-1000).handler(DashboardRoutes::toDashboard);
    }

    private static void toDashboard(RoutingContext rc) {
        rc.response().setStatusCode(302).putHeader("Location", PAGE).end();
    }
}
