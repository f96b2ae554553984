package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** The zip an export writes and an import reads ({@link MvExports}), its entries bounded and read strictly. */
final class MvZip {

    /** What {@code engine.json} holds. */
    record EngineInfo(String engine, int engineVersion, long stepSeconds) {
    }

    /** The entries an export holds, each with the most bytes it may inflate to. */
    static final Map<String, Long> ENTRIES = Map.of("model.json", 1L << 20, "engine.json", 1L << 16,
            "snapshot.bin", 64L << 20);
    /** The largest grid step an import may claim (a year): larger ones overflowed the detection's time arithmetic. */
    private static final long MAX_STEP_SECONDS = 366L * 86_400;

    private MvZip() {
    }

    /**
     * engine.json, read strictly: Jackson's coercion took a step of {@code 1.5} as 1 and {@code "60"} as 60, and
     * the step decides every timestamp the model scores.
     */
    static EngineInfo engine(JsonNode e) {
        JsonNode step = e == null ? null : e.get("stepSeconds");
        JsonNode version = e == null ? null : e.get("engineVersion");
        JsonNode name = e == null ? null : e.get("engine");
        if (step == null || !step.isIntegralNumber() || !step.canConvertToLong() || step.asLong() <= 0
                || step.asLong() > MAX_STEP_SECONDS) {
            throw invalid("engine.json: stepSeconds must be a whole number of seconds from 1 to " + MAX_STEP_SECONDS
                    + ", was " + step);
        }
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || name == null
                || !name.isTextual()) {
            throw invalid("engine.json: engine must be a name and engineVersion a whole number");
        }
        return new EngineInfo(name.asText(), version.asInt(), step.asLong());
    }

    /**
     * The export's three entries. Any other entry, or one given twice, is refused before it is inflated, and each is
     * inflated only up to its own bound: a zip of many highly compressed entries held gigabytes in memory.
     */
    static Map<String, byte[]> entries(byte[] zip) {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Long max = ENTRIES.get(e.getName());
                if (max == null || out.containsKey(e.getName())) {
                    throw invalid("it holds an entry other than model.json, engine.json and snapshot.bin, each once");
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    b.write(buffer, 0, n);
                    if (b.size() > max) {
                        throw invalid(e.getName() + " is larger than " + max + " bytes");
                    }
                }
                out.put(e.getName(), b.toByteArray());
            }
        } catch (IOException e) {
            throw invalid("it is not a zip");
        }
        return out;
    }

    static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    static AzureApiException invalid(String why) {
        return AzureApiException.badRequest(ErrorCodes.BAD_ARGUMENT, "The body is not an exported Vigil model: " + why + ".");
    }
}
