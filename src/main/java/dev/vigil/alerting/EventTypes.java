package dev.vigil.alerting;

import java.util.List;

/** Every CloudEvent type of the alerts topic, in the order README "Hooks" lists them (a hook's {@code types}). */
public final class EventTypes {

    public static final List<String> ALL = List.of(AlertEvents.TYPE, GroupAlerts.TYPE, AlertEvents.CAPPED_TYPE,
            IncidentEvents.OPENED, IncidentEvents.UPDATED, IncidentEvents.RESOLVED, SilenceEvents.STARTED,
            SilenceEvents.ENDED, SilenceEvents.SCOPE_STARTED, SilenceEvents.SCOPE_ENDED, SilenceEvents.CAPPED);

    private EventTypes() {
    }
}
