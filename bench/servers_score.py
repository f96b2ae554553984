#!/usr/bin/env python3
"""NAB score of results on the server-metric set of bench/derive_servers.py, with its ignored rows scored 0.

The rows in `ignored.json` (beside the windows file) are ones the root-cause labels cannot judge for that variable;
their scores are set to 0 in a copy of the results, which ../shared/eval/nab_score.py then scores as usual (every
other argument is passed on). It also prints the false alarms on the `serverUnlabelled` files (variables no segment
names as a root cause): rows after NAB's probation and outside the ignored rows whose score reaches the standard
profile's threshold on the labelled files.

    python3 bench/servers_score.py <results>/vigil --windows target/servers/labels/combined_windows.json \\
        --categories serverASD serverSMD
    ./mvnw -q -Pnab compile exec:java -Dnab.args="target/servers/data target/servers-results \\
        target/servers/labels/combined_windows.json bench/servers_score.py" \\
        -Dvigil.scorerArgs="--categories serverASD serverSMD"
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
import nab_score  # noqa: E402

UNLABELLED = "serverUnlabelled"


def masked(results, windows, into):
    """Copies results (a folder in NAB's results layout) into `into`/<same name>, ignored rows scored 0."""
    with open(os.path.join(os.path.dirname(windows), "ignored.json")) as f:
        ignored = json.load(f)
    out = os.path.join(into, os.path.basename(os.path.normpath(results)))
    prefix = os.path.basename(os.path.normpath(results)) + "_"
    for rel, spans in ignored.items():
        source = nab_score.find_results_file(results, rel, prefix)
        if source is None:
            continue
        target = os.path.join(out, os.path.dirname(rel), os.path.basename(source))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        spans = [(a[:19], b[:19]) for a, b in spans]
        with open(source) as f, open(target, "w") as w:
            header = next(f)
            w.write(header)
            column = [h.strip() for h in header.split(",")].index("anomaly_score")
            for line in f:
                cells = line.rstrip("\n").split(",")
                if any(a <= cells[0] <= b for a, b in spans):
                    cells[column] = "0"
                w.write(",".join(cells) + "\n")
    return out


def false_alarms(results, threshold):
    """-> (rows, days) of the serverUnlabelled files after probation scoring >= threshold (results already masked)."""
    folder = os.path.join(results, UNLABELLED)
    count, days = 0, 0.0
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        ts, scores = nab_score.read_results(os.path.join(folder, name))
        probation = int(nab_score.probation_length(len(ts)))
        count += sum(1 for s in scores[probation:] if s >= threshold)
        days += (ts[-1] - ts[probation]).total_seconds() / 86400
    return count, days


def main(argv):
    results, rest = argv[0], argv[1:]
    windows = rest[rest.index("--windows") + 1]
    scratch = tempfile.mkdtemp(prefix="servers-score-")
    try:
        copy = masked(results, windows, scratch)
        summary = os.path.join(scratch, "summary.json")
        extra = [] if "--label" in rest else ["--label", results]
        nab_score.main([copy, *rest, *extra, "--json", summary])
        with open(summary) as f:
            threshold = json.load(f)["nab"]["standard"]["threshold"]
        rows, days = false_alarms(copy, threshold)
        print("%s: %d rows >= the standard threshold %.4f after probation, over %.1f days"
              % (UNLABELLED, rows, threshold, days))
        if "--json" in rest:
            shutil.copy(summary, rest[rest.index("--json") + 1])
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main(sys.argv[1:])
