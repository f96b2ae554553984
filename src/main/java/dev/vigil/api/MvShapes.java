package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The JSON the multivariate endpoints read and answer, by version. GA {@code v1.1} answers {@link MvWire}'s shapes.
 * The previews ({@code v1.1-preview}, {@code v1.1-preview.1}; azure-api.md §5.9) differ: a model keeps both spellings
 * where the versions differ ({@code source} and {@code dataSource}, a variable state's {@code startTime}/{@code
 * endTime} and {@code firstTimestamp}/{@code lastTimestamp}: {@link MvWire} writes both), without {@code dataSchema};
 * a detection's setup says {@code source} only, without {@code topContributorCount}.
 */
@ApplicationScoped
class MvShapes {

    private final ObjectMapper mapper;
    private final MvJson json;

    MvShapes(ObjectMapper mapper, MvJson json) {
        this.mapper = mapper;
        this.json = json;
    }

    /** A request body; malformed JSON is the service's 400 {@code InvalidJsonFormat}. */
    JsonNode body(String body) {
        return json.body(body);
    }

    /** A model as {@code GET models/{id}} shows it. */
    Object model(MvWire.Model model, boolean ga) {
        return ga ? model : preview(model);
    }

    /** A model as an import answers it. */
    JsonNode imported(MvWire.Model model, boolean ga) {
        return ga ? json.tree(json.write(model)) : preview(model);
    }

    /** A batch detection's result: GA's shape, or the previews' (which their {@code results/{id}} route answers). */
    Object result(MvWire.DetectionResult result, boolean ga) {
        return ga ? result : preview(result);
    }

    private JsonNode preview(MvWire.Model model) {
        ObjectNode node = mapper.valueToTree(model);
        JsonNode info = node.get("modelInfo");
        if (info instanceof ObjectNode i) {
            i.remove("dataSchema");
        }
        return node;
    }

    private JsonNode preview(MvWire.DetectionResult result) {
        ObjectNode node = mapper.valueToTree(result);
        JsonNode summary = node.get("summary");
        if (summary.get("setupInfo") instanceof ObjectNode setup) {
            source(setup);
            setup.remove("topContributorCount");
        }
        return node;
    }

    private static void source(ObjectNode n) {
        JsonNode s = n.remove("dataSource");
        if (s != null) {
            n.set("source", s);
        }
    }
}
