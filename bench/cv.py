#!/usr/bin/env python3
"""Scores TuningSweep runs and chooses constants by leave-one-category/corpus-out cross-validation.

Groups: NAB artificialWithAnomaly (A), NAB realKnownCause (R), the 29 KPIs (K). NAB's artificialNoAnomaly files
(N) have no windows; they ride along with every NAB training set (their false alarms cost there). For each fold one
group is held out, the configuration with the best training objective is chosen (mean of the NAB standard score of
the training NAB categories + N scored together, and 100 x the KPI delay-limited segment F1 when K is in training),
and the held-out group is scored with it. In-sample figures (every group, chosen on all) are printed beside.

    python3 bench/cv.py target/sweep/runs [names...]
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")
WINDOWS = os.path.join(SHARED, "datasets", "nab", "labels", "combined_windows.json")
NAB_SCORE = os.path.join(SHARED, "eval", "nab_score.py")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(SHARED, "eval"))
import kpi_score  # noqa: E402
import pa_metrics  # noqa: E402

PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")


def nab(results, categories):
    out = results + ".json"
    subprocess.run(["python3", NAB_SCORE, results, "--windows", WINDOWS, "--json", out, "--categories", *categories],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        data = json.load(f)
    os.remove(out)
    return {p: data["nab"][p]["score"] for p in PROFILES} | {"threshold": data["nab"]["standard"]["threshold"]}


def false_alarms(results, threshold):
    """Rows of the artificialNoAnomaly files after NAB's probation scoring >= threshold."""
    folder = os.path.join(results, "artificialNoAnomaly")
    count = 0
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name)) as f:
            rows = [float(line.rsplit(",", 1)[1]) for line in list(f)[1:]]
        probation = min(750, int(0.15 * len(rows)))
        count += sum(1 for s in rows[probation:] if s >= threshold)
    return count


def score_run(run):
    cache = os.path.join(run, "scores.json")
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    results = os.path.join(run, "nab", "vigil")
    s = {
        "all": nab(results, ["artificialNoAnomaly", "artificialWithAnomaly", "realKnownCause"]),
        "A": nab(results, ["artificialWithAnomaly"]),
        "R": nab(results, ["realKnownCause"]),
        "AN": nab(results, ["artificialNoAnomaly", "artificialWithAnomaly"]),
        "RN": nab(results, ["artificialNoAnomaly", "realKnownCause"]),
    }
    s["fpN"] = false_alarms(results, s["all"]["threshold"])
    series = list(kpi_score.load(os.path.join(run, "kpi")).values())
    s["K"] = pa_metrics.best_f1(series, k=7)["f1"]
    with open(cache, "w") as f:
        json.dump(s, f, indent=1)
    return s


def main():
    root = sys.argv[1]
    names = sys.argv[2:] or sorted(d for d in os.listdir(root)
                                   if os.path.isdir(os.path.join(root, d)) and not d.endswith(".tmp"))
    scores = {n: score_run(os.path.join(root, n)) for n in names}
    print("%-14s %21s %8s %8s %6s | %8s %8s" % ("config", "NAB all std/lowFP/lowFN", "A std", "R std", "KPI F1",
                                                "FP on N", ""))
    for n, s in scores.items():
        a = s["all"]
        print("%-14s %6.2f/%6.2f/%6.2f %8.2f %8.2f %6.3f | %8d" % (n, a["standard"], a["reward_low_FP_rate"],
              a["reward_low_FN_rate"], s["A"]["standard"], s["R"]["standard"], s["K"], s["fpN"]))
    folds = {
        "A": lambda s: (s["RN"]["standard"] + 100 * s["K"]) / 2,
        "R": lambda s: (s["AN"]["standard"] + 100 * s["K"]) / 2,
        "K": lambda s: s["all"]["standard"],
    }
    print("\nleave-one-out (%d configurations tried):" % len(scores))
    for held, objective in folds.items():
        chosen = max(scores, key=lambda n: objective(scores[n]))
        s = scores[chosen]
        if held == "K":
            print("  held out %s: chose %-12s -> KPI F1 %.3f (in-sample best %.3f)"
                  % (held, chosen, s["K"], max(x["K"] for x in scores.values())))
        else:
            best = max(x[held]["standard"] for x in scores.values())
            print("  held out %s: chose %-12s -> NAB %s %.2f/%.2f/%.2f (in-sample best standard %.2f)"
                  % (held, chosen, held, s[held]["standard"], s[held]["reward_low_FP_rate"],
                     s[held]["reward_low_FN_rate"], best))
    overall = max(scores, key=lambda n: (scores[n]["all"]["standard"] + 100 * scores[n]["K"]) / 2)
    print("  chosen on everything: %s" % overall)


if __name__ == "__main__":
    main()
