package dev.vigil.api;

import dev.vigil.storage.MvModelStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipOutputStream;

/**
 * A trained model as a zip (the preview's export) and back: {@code model.json} (the model as the API shows it),
 * {@code engine.json} (engine, version, grid step) and {@code snapshot.bin} (the engine's own bytes). Importing
 * the zip into any Vigil gives a READY model that scores exactly as the original. The model's {@code dataSource}
 * leaves without its query ({@link #withoutCredential}).
 */
@ApplicationScoped
class MvExports {

    private final MvModelStore store;
    private final MvModels models;
    private final MvJson json;
    private final MvScorings scorings;

    MvExports(MvModelStore store, MvModels models, MvJson json, MvScorings scorings) {
        this.store = store;
        this.models = models;
        this.json = json;
        this.scorings = scorings;
    }

    byte[] export(UUID id) {
        scorings.load(id); // 404 / ModelNotReady / ModelFailed as for inference
        MvWire.Model model = withoutCredential(models.get(id));
        MvModelStore.Snapshot s = store.snapshot(id).orElseThrow(() -> MvErrors.modelNotExist(id));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            MvZip.entry(zip, "model.json", json.write(model).getBytes(StandardCharsets.UTF_8));
            MvZip.entry(zip, "engine.json", json.write(new MvZip.EngineInfo(s.engine(), s.engineVersion(),
                    s.step().toSeconds())).getBytes(StandardCharsets.UTF_8));
            MvZip.entry(zip, "snapshot.bin", s.bytes());
        } catch (IOException e) {
            throw new IllegalStateException("zip in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The model with its {@code dataSource} cut before any query or fragment: a blob URL's query is its SAS token, a
     * credential that should not travel with a file that is copied between installations. The imported model needs
     * no source to score; the URL without the token still says where it was trained from.
     */
    static MvWire.Model withoutCredential(MvWire.Model model) {
        MvWire.ModelInfo i = model.modelInfo();
        if (i == null || i.dataSource() == null) {
            return model;
        }
        String source = i.dataSource();
        int cut = source.length();
        for (char c : new char[] {'?', '#'}) {
            int at = source.indexOf(c);
            cut = at >= 0 ? Math.min(cut, at) : cut;
        }
        return new MvWire.Model(model.modelId(), model.createdTime(), model.lastUpdatedTime(),
                new MvWire.ModelInfo(source.substring(0, cut), i.dataSchema(), i.startTime(), i.endTime(),
                        i.displayName(), i.slidingWindow(), i.alignPolicy(), i.status(), i.errors(),
                        i.diagnosticsInfo()));
    }

    /** Stores an exported model as a new READY model; 400 {@code BadArgument} for anything but such a zip. */
    MvWire.Model load(byte[] zip) {
        Map<String, byte[]> entries = MvZip.entries(zip);
        if (!entries.keySet().containsAll(MvZip.ENTRIES.keySet())) {
            throw MvZip.invalid("it lacks model.json, engine.json or snapshot.bin");
        }
        MvWire.Model model;
        MvZip.EngineInfo engine;
        try {
            model = json.read(new String(entries.get("model.json"), StandardCharsets.UTF_8), MvWire.Model.class);
            engine = MvZip.engine(json.tree(new String(entries.get("engine.json"), StandardCharsets.UTF_8)));
        } catch (IllegalStateException e) {
            throw MvZip.invalid("its JSON is unreadable");
        }
        if (model == null || model.modelInfo() == null
                || !MvTrainer.ENGINE.reads(engine.engine(), engine.engineVersion())) {
            throw MvZip.invalid("it is not a model of " + MvTrainer.ENGINE.name() + " v" + MvTrainer.ENGINE.version());
        }
        List<String> names;
        try {
            names = MvTrainer.ENGINE.restore(entries.get("snapshot.bin")).variables();
        } catch (IllegalArgumentException e) {
            throw MvZip.invalid("its snapshot does not restore: " + e.getMessage());
        }
        if (names.stream().anyMatch(String::isBlank) || new HashSet<>(names).size() != names.size()) {
            // detection names each variable; an empty or twice-given name could never be scored
            throw MvZip.invalid("its variables must have distinct, non-empty names");
        }
        for (int v = 0; v < names.size(); v++) {
            MvRequests.printable(names.get(v), "snapshot.bin variable " + v, ErrorCodes.BAD_ARGUMENT);
        }
        int variables = names.size();
        MvWire.ModelInfo i = model.modelInfo();
        states(i.diagnosticsInfo(), names);
        MvWire.TrainRequest request = new MvWire.TrainRequest(i.dataSource(), i.dataSchema(), i.startTime(),
                i.endTime(), i.displayName(), i.slidingWindow(), i.alignPolicy());
        try {
            MvRequests.train(json.tree(json.write(request))); // the same checks as a train request
        } catch (AzureApiException e) {
            throw AzureApiException.badRequest(e.code(), "model.json: modelInfo." + e.getMessage());
        }
        UUID id = UUID.randomUUID();
        boolean stored = store.insertReady(id, i.displayName(), json.write(request),
                i.diagnosticsInfo() == null ? null : json.write(i.diagnosticsInfo()), variables,
                new MvModelStore.Snapshot(engine.engine(), engine.engineVersion(), entries.get("snapshot.bin"),
                        Duration.ofSeconds(engine.stepSeconds())), models.maxModels());
        if (!stored) {
            throw models.tooManyModels();
        }
        return models.get(id);
    }

    /**
     * The variable states name the snapshot's variables, once each and in its order: they are what the model shows
     * and what detection is asked for, so a model.json that names others (or none) would show one model and score
     * another.
     */
    private static void states(MvWire.DiagnosticsInfo diagnostics, List<String> names) {
        List<MvWire.VariableState> states = diagnostics == null || diagnostics.variableStates() == null ? List.of()
                : diagnostics.variableStates();
        List<String> named = states.stream().map(MvWire.VariableState::variable).toList();
        if (!named.equals(names)) {
            throw MvZip.invalid("model.json: modelInfo.diagnosticsInfo.variableStates must name the snapshot's "
                    + names.size() + " variables once each, in its order; it names " + named.size());
        }
    }
}
