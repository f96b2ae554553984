package dev.vigil.query;

import dev.vigil.ingestion.InputRules;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code dim.<key>=<value>} parameters of a list, as the dimensions a series must all have. Keys and values are
 * held to the rules a reading's dimensions are (1 to 256 printable characters, not blank; at most 32), so a filter
 * that could never match a stored series is a 400 naming its parameter, not an empty answer.
 */
final class DimensionFilter {

    static final String PREFIX = "dim.";

    private DimensionFilter() {
    }

    /** The dimensions asked for, by key; empty when none. */
    static Map<String, String> of(MultivaluedMap<String, String> query) {
        Map<String, String> dims = new TreeMap<>();
        for (Map.Entry<String, List<String>> p : query.entrySet()) {
            String name = p.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            if (name.equals(PREFIX)) {
                throw new BadParameter(name, "dim.<key> needs a dimension key, e.g. dim.region=eu-west");
            }
            String key = InputRules.text(name.substring(PREFIX.length()), name, "InvalidParameter");
            // a series has one value per dimension: two different ones could never both match
            if (p.getValue().stream().distinct().count() > 1) {
                throw new BadParameter(name, name + " is given " + p.getValue().size() + " times with different "
                        + "values; a series has one value per dimension");
            }
            dims.put(key, InputRules.text(p.getValue().get(0), name, "InvalidParameter"));
        }
        if (dims.size() > InputRules.MAX_DIMENSIONS) {
            throw new BadParameter(PREFIX + "<key>", "at most " + InputRules.MAX_DIMENSIONS + " dimensions may be "
                    + "given, as a series has at most that many");
        }
        return dims;
    }
}
