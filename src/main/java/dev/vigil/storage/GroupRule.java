package dev.vigil.storage;

import dev.vigil.detection.multivariate.FillPolicy;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A group rule: the metrics whose series form the variables, the dimensions whose values identify one entity (one
 * model each; none: one model over all the series), how windows become values and gaps are filled, and the span a
 * model is trained on, and the step of the grid its windows are resampled to. Checked by the API before it gets here.
 *
 * @param step     the grid the variables are aligned on: the stored window or a multiple of it (hourly readings
 *                 at {@code PT1H}); each row aggregates the windows of its step by {@code aggregate}
 * @param source   {@code api} or {@code config} (configured rules are read-only through the API)
 * @param revision counts updates; a model remembers the revision it was trained for
 */
public record GroupRule(String name, List<String> metrics, List<String> by, GroupAggregate aggregate,
                        FillPolicy fill, Duration trainingSpan, Duration step, String source, int revision) {

    /** A group's name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (it is a path segment). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");


    public static final String API = "api";
    public static final String CONFIG = "config";

    public GroupRule {
        metrics = List.copyOf(metrics);
        by = List.copyOf(by);
    }

    /** The same rule as another source wrote it (revision kept; the store decides the next one). */
    public boolean sameDefinition(GroupRule o) {
        return metrics.equals(o.metrics) && by.equals(o.by) && aggregate == o.aggregate && fill.equals(o.fill)
                && trainingSpan.equals(o.trainingSpan) && step.equals(o.step);
    }
}
