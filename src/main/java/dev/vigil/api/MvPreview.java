package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The preview versions' shapes ({@code v1.1-preview}, {@code v1.1-preview.1}; azure-api.md §5.9). A model keeps
 * both spellings where the versions differ ({@code source} and {@code dataSource}, a variable state's
 * {@code startTime}/{@code endTime} and {@code firstTimestamp}/{@code lastTimestamp}: {@link MvWire} writes both),
 * without {@code dataSchema}. A detection's setup says {@code source} only, without {@code topContributorCount}.
 */
@ApplicationScoped
class MvPreview {

    private final ObjectMapper mapper;

    MvPreview(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode model(MvWire.Model model) {
        ObjectNode node = mapper.valueToTree(model);
        JsonNode info = node.get("modelInfo");
        if (info instanceof ObjectNode i) {
            i.remove("dataSchema");
        }
        return node;
    }

    JsonNode result(MvWire.DetectionResult result) {
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
