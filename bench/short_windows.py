#!/usr/bin/env python3
"""Where group P (bench/derive_short.py) loses against R: each short cut's windows and false alarms beside the same
rows of the long file they were cut from, scored in the same TuningSweep run.

For every window of a cut it prints the largest surprisal inside it (after NAB's probation of the cut) in the cut and
in the long file over the same rows, and the false-alarm rows (outside every window) at a surprisal level. Then the
same sums by where the window starts in the cut (fifths of its rows): what the first days of a series cost.
Surprisal is read back from the anomaly score S / (1 + S).

    python3 bench/short_windows.py target/sweep/runs/<config> [level (2.87)] [--quiet]
"""
import csv
import json
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
WINDOWS = os.path.join(HERE, "..", "target", "nabx", "labels", "combined_windows.json")
SHORT = "realKnownCauseShort"


def surprisals(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    return [(r[0], float(r[2]) / (1 - float(r[2])) if float(r[2]) < 1 else float("inf")) for r in rows]


def main():
    run = sys.argv[1]
    level = float(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("-") else 2.87
    quiet = "--quiet" in sys.argv
    with open(WINDOWS) as f:
        windows = json.load(f)
    longs = {}
    fifths = defaultdict(lambda: {"fp_cut": 0, "fp_long": 0, "rows": 0, "windows": 0, "hit_cut": 0, "hit_long": 0})
    for key in sorted(k for k in windows if k.startswith(SHORT + "/")):
        name = key.split("/")[1]
        source = re.sub(r"_a\d+_s\d+\.csv$", "", name)
        if source not in longs:
            longs[source] = dict(surprisals(os.path.join(run, "nab", "vigil", "realKnownCause",
                                                         "vigil_%s.csv" % source)))
        long_file = longs[source]
        cut = surprisals(os.path.join(run, "nabx", "vigil", SHORT, "vigil_" + name))
        probation = min(750, int(0.15 * len(cut)))
        spans = [(a[:19], b[:19]) for a, b in windows[key]]
        shown = []
        for i, (t, s) in enumerate(cut[probation:], probation):
            if not any(a <= t <= b for a, b in spans):
                fifth = fifths[min(4, 5 * i // len(cut))]
                fifth["rows"] += 1
                fifth["fp_cut"] += s >= level
                fifth["fp_long"] += long_file.get(t, 0) >= level
        for a, b in spans:
            inside = [i for i, (t, _) in enumerate(cut) if a <= t <= b and i >= probation]
            if not inside:
                continue
            in_cut = max(cut[i][1] for i in inside)
            in_long = max(long_file.get(cut[i][0], 0) for i in inside)
            fifth = fifths[min(4, 5 * inside[0] // len(cut))]
            fifth["windows"] += 1
            fifth["hit_cut"] += in_cut >= level
            fifth["hit_long"] += in_long >= level
            shown.append("%5.2f/%5.2f" % (min(in_cut, 99), min(in_long, 99)))
        if not quiet:
            print("%-48s window max cut/long %s" % (name[:-4], "  ".join(shown)))
    print("by the window's start in the cut (fifths of its rows), level %.2f:" % level)
    for k in sorted(fifths):
        f = fifths[k]
        print("  fifth %d: windows %2d, hit in cut %2d, in long %2d | false-alarm rows in cut %3d, in long %3d (of %d)"
              % (k, f["windows"], f["hit_cut"], f["hit_long"], f["fp_cut"], f["fp_long"], f["rows"]))


if __name__ == "__main__":
    main()
