package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The inference use cases of the multivariate API: batch detection (queued), its result, last detection (inline). */
@ApplicationScoped
class MvDetections {

    /** The service's limits of a last detection: timestamps and variables. */
    static final int MAX_LAST_TIMESTAMPS = 2880;

    private final MvStoredResults results;
    private final MvScorings scorings;
    private final MvJobs jobs;
    private final MvSources sources;

    MvDetections(MvStoredResults results, MvScorings scorings, MvJobs jobs, MvSources sources) {
        this.results = results;
        this.scorings = scorings;
        this.jobs = jobs;
        this.sources = sources;
    }

    /** Checks the model and the source, stores the detection as CREATED and queues it. */
    MvWire.DetectionResult start(UUID modelId, MvRequests.BatchSpec spec) {
        scorings.load(modelId);
        sources.get().check(spec.dataSource());
        UUID id = UUID.randomUUID();
        results.create(id, modelId, spec.echo());
        jobs.detect(id);
        return new MvWire.DetectionResult(id.toString(),
                new MvWire.Summary("CREATED", List.of(), List.of(), spec.echo()), List.of());
    }

    MvWire.DetectionResult result(UUID id) {
        return results.shown(id);
    }

    /** Scores the request's rows now; data errors are 400s here, since the caller waits for the answer. */
    MvWire.LastResult last(UUID modelId, MvRequests.LastSpec spec) {
        MvScorer.Scoring scoring = scorings.load(modelId);
        Map<String, Aligner.Observations> vars = new LinkedHashMap<>();
        for (MvRequests.VariableValues v : spec.variables()) {
            if (v.timestamps().size() > MAX_LAST_TIMESTAMPS) {
                throw AzureApiException.badRequest("DataExceedsLimit", "Variable " + v.variable() + " has "
                        + v.timestamps().size() + " timestamps; at most " + MAX_LAST_TIMESTAMPS + " are allowed.");
            }
            if (vars.put(v.variable(), new Aligner.Observations(v.timestamps(), v.values())) != null) {
                throw AzureApiException.badRequest("DuplicatedVariables", "Variable " + v.variable() + " is given twice.");
            }
        }
        if (vars.size() > MvTrainer.MAX_VARIABLES) {
            throw AzureApiException.badRequest("DataExceedsLimit", "At most " + MvTrainer.MAX_VARIABLES
                    + " variables are allowed.");
        }
        SourceData data = new SourceData(vars);
        try {
            // the newest aligned rows, whatever their times: an off-grid newest timestamp is in its grid cell, and
            // with Inner alignment the newest row is the newest timestamp every variable has (clients read results[0])
            MvScorer.Scored scored = MvScorer.score(scoring, data,
                    MvScorer.Span.newest(data.last(), spec.points(), scoring.step()), spec.topContributorCount(),
                    MAX_LAST_TIMESTAMPS);
            return new MvWire.LastResult(scored.variableStates(), scored.results());
        } catch (DataProblem p) {
            throw AzureApiException.badRequest(p.code(), p.getMessage());
        }
    }
}
