package dev.vigil.groups;

import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.storage.GroupRule;
import dev.vigil.time.IsoDurations;
import java.util.List;

/** A group rule as the API shows and takes it ({@code fillValue} only with fill {@code fixed}). */
public record RuleView(String name, List<String> metrics, List<String> by, String aggregate, String fill,
                       Double fillValue, String trainingSpan, String step, String source, int revision) {

    public static RuleView of(GroupRule r) {
        return new RuleView(r.name(), r.metrics(), r.by(), r.aggregate().label(), GroupRules.fillLabel(r.fill().mode()),
                r.fill().mode() == FillMode.FIXED ? r.fill().fixedValue() : null, IsoDurations.text(r.trainingSpan()),
                IsoDurations.text(r.step()), r.source(), r.revision());
    }
}
