package dev.vigil.observability;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter.ExceptionOutputType;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * With {@code vigil.log.json}, the console writes JSON lines through JBoss LogManager's own formatter (Quarkus' JSON
 * logging extension is not available in this build); lines logged before start-up keep the pattern format.
 */
@ApplicationScoped
public class JsonLogs {

    void onStart(@Observes @Priority(1) StartupEvent event, LogConfig config) {
        if (config.json()) {
            consoles().forEach(console -> console.setFormatter(formatter()));
        }
    }

    /** The JSON formatter Vigil installs: one object per line, exceptions with their causes, MDC included. */
    public static JsonFormatter formatter() {
        JsonFormatter json = new JsonFormatter();
        json.setPrintDetails(false);
        json.setExceptionOutputType(ExceptionOutputType.DETAILED);
        json.setRecordDelimiter("\n");
        return json;
    }

    /** The console handlers of the root logger, however Quarkus nests them. */
    public static List<ConsoleHandler> consoles() {
        List<ConsoleHandler> found = new ArrayList<>();
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            collect(h, found);
        }
        return found;
    }

    private static void collect(Handler handler, List<ConsoleHandler> found) {
        if (handler instanceof ConsoleHandler console) {
            found.add(console);
        }
        if (handler instanceof ExtHandler parent) {
            for (Handler child : parent.getHandlers()) {
                collect(child, found);
            }
        }
    }
}
