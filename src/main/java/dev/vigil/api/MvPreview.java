package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The preview versions' names for the GA shapes ({@code v1.1-preview}, {@code v1.1-preview.1}; azure-api.md §5.9):
 * {@code source} for {@code dataSource} (and no {@code dataSchema}, no {@code topContributorCount} in the setup),
 * {@code startTime}/{@code endTime} for a variable state's {@code firstTimestamp}/{@code lastTimestamp}.
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
            source(i);
            i.remove("dataSchema");
            states(i.path("diagnosticsInfo").path("variableStates"));
        }
        return node;
    }

    JsonNode result(MvWire.DetectionResult result) {
        ObjectNode node = mapper.valueToTree(result);
        JsonNode summary = node.get("summary");
        states(summary.path("variableStates"));
        if (summary.get("setupInfo") instanceof ObjectNode setup) {
            source(setup);
            setup.remove("topContributorCount");
        }
        return node;
    }

    JsonNode last(MvWire.LastResult result) {
        ObjectNode node = mapper.valueToTree(result);
        states(node.path("variableStates"));
        return node;
    }

    private static void source(ObjectNode n) {
        JsonNode s = n.remove("dataSource");
        if (s != null) {
            n.set("source", s);
        }
    }

    private static void states(JsonNode states) {
        for (JsonNode s : states) {
            if (s instanceof ObjectNode o) {
                JsonNode first = o.remove("firstTimestamp");
                JsonNode last = o.remove("lastTimestamp");
                if (first != null) {
                    o.set("startTime", first);
                }
                if (last != null) {
                    o.set("endTime", last);
                }
            }
        }
    }
}
