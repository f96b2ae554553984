#!/usr/bin/env python3
"""How far a group's NAB score could move by chance: a file-level bootstrap of TuningSweep runs.

Each replicate draws the group's files with replacement (a file drawn twice counts twice, its windows as separate
windows), pools their rows, lets NAB's optimiser pick the threshold again and scores the pool. Printed per run: the
score on the files as they are, and the 5th, 50th and 95th percentiles over the replicates; with two or more runs,
also the paired difference of each run against the first (the same draws for both), and how often it is above 0.
A difference whose interval straddles 0 is not evidence; R rests on 7 files and 19 windows, where one window is
about 5 points of the standard score.

    python3 bench/bootstrap.py target/sweep/runs R v7 v8 [--reps 300] [--profile standard]

Groups: A, R (NAB development files), H, I, P, J, C (bench/derive_nab.py, derive_short.py, synth_counts.py), S (the
labelled server metrics of bench/derive_servers.py, ignored rows scored 0 as bench/cv.py does), and X:
the pool of bench/pooled.py (S, H, I, P and C under one threshold), drawn within each of its groups so every
replicate keeps the pool's make-up.
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "eval"))
import nab_score  # noqa: E402

NAB_WINDOWS = os.path.join(HERE, "..", "..", "shared", "datasets", "nab", "labels", "combined_windows.json")
NABX_WINDOWS = os.path.join(HERE, "..", "target", "nabx", "labels", "combined_windows.json")
GROUPS = {
    "A": ("nab", NAB_WINDOWS, "artificialWithAnomaly"),
    "R": ("nab", NAB_WINDOWS, "realKnownCause"),
    "H": ("nabx", NABX_WINDOWS, "realKnownCauseHourly"),
    "I": ("nabx", NABX_WINDOWS, "realKnownCauseIrregular"),
    "J": ("nabx", NABX_WINDOWS, "realKnownCauseIrregularSeeds"),
    "P": ("nabx", NABX_WINDOWS, "realKnownCauseShort"),
    "C": ("nabx", NABX_WINDOWS, "syntheticCounts"),
}


POOL = ("S", "H", "I", "P", "C")


def file_rows(runs, run, group, profile):
    """Per file: its sweep rows, its window count and its stratum (the group it is drawn within)."""
    if group in ("S", "X"):
        sys.path.insert(0, HERE)
        import flag_level  # noqa: E402 (loads the server metrics with their ignored rows masked)
        loaded = flag_level.load_groups(os.path.join(runs, run))
        return [(nab_score.sweep_rows(item, profile), len(item["windows"]), g)
                for g in (POOL if group == "X" else ("S",)) for item in loaded[g]]
    sub, windows, category = GROUPS[group]
    corpus = nab_score.load_corpus(os.path.join(runs, run, sub, "vigil"), windows, "vigil_", [category])
    return [(nab_score.sweep_rows(item, profile), len(item["windows"]), group) for item in corpus]


def score(per_file, draw, profile):
    pooled = []
    windows = 0
    for copy, f in enumerate(draw):
        rows, count, _ = per_file[f]
        for s, sweep, key in rows:
            pooled.append((s, sweep, key if key in (None, "probationary") else (copy, key)))
        # NAB's perfect score counts every window, also one that lies in the probation
        windows += count
    _, raw, _ = nab_score.optimize(pooled, profile)
    _, null, _ = nab_score.optimize([(0.0, sw, key) for _, sw, key in pooled], profile)
    perfect = windows * profile["tpWeight"]
    return 100.0 * (raw - null) / (perfect - null)


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs")
    ap.add_argument("group", choices=sorted(GROUPS) + ["S", "X"])
    ap.add_argument("names", nargs="+")
    ap.add_argument("--reps", type=int, default=300)
    ap.add_argument("--profile", default="standard", choices=sorted(nab_score.DEFAULT_PROFILES))
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args(argv)
    profile = nab_score.DEFAULT_PROFILES[a.profile]
    rows = {n: file_rows(a.runs, n, a.group, profile) for n in a.names}
    files = len(rows[a.names[0]])
    strata = {}
    for i, (_, _, stratum) in enumerate(rows[a.names[0]]):
        strata.setdefault(stratum, []).append(i)
    rnd = random.Random(a.seed)
    draws = [[rnd.choice(members) for members in strata.values() for _ in members] for _ in range(a.reps)]
    whole = list(range(files))
    reps = {n: [score(rows[n], d, profile) for d in draws] for n in a.names}
    print("group %s (%d files), NAB %s, %d replicates" % (a.group, files, a.profile, a.reps))
    print("%-14s %8s %8s %8s %8s" % ("run", "as is", "p5", "p50", "p95"))
    for n in a.names:
        print("%-14s %8.2f %8.2f %8.2f %8.2f" % (n, score(rows[n], whole, profile), pct(reps[n], 0.05),
                                                pct(reps[n], 0.5), pct(reps[n], 0.95)))
    base = a.names[0]
    for n in a.names[1:]:
        d = [x - y for x, y in zip(reps[n], reps[base])]
        print("%-14s minus %-8s p5 %+7.2f  p50 %+7.2f  p95 %+7.2f  share above 0: %.2f"
              % (n, base, pct(d, 0.05), pct(d, 0.5), pct(d, 0.95), sum(1 for x in d if x > 0) / len(d)))


if __name__ == "__main__":
    main()
