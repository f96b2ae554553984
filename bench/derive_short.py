#!/usr/bin/env python3
"""Writes short files cut from NAB's realKnownCause development files (category realKnownCauseShort), seeded.

Most of the files the issue's goal is judged on are short: two weeks of 5-minute values, or two months of hourly
ones, where NAB's probation (15 % of the rows, at most 750) ends after about two days. realKnownCause's files are
long (up to 79 days), so nothing in the other groups says what the detector does in the days right after a short
file's probation, or with only two weeks of history. This group does: for every labelled anomaly of a file and each
of four seeds, a cut of L rows (4,032 for steps up to 10 minutes, else 1,600) placed so that the anomaly lies at a
uniformly drawn row between the end of probation and the end of the cut. Windows are then made by NAB's rule for
the cut (10 % of its rows shared among the anomalies inside it, centred on each), so a window may begin soon after
probation, as it may in any NAB file. Files no longer than 1.3 L are left out (a cut would be the file itself).

    python3 bench/derive_short.py <nab dir> <out dir>     # writes <out>/data/realKnownCauseShort/*.csv and merges
                                                          # its windows into <out>/labels/combined_windows.json

Run it after bench/derive_nab.py (which rewrites the labels file); TuningSweep's -Dvigil.sweep.nabx scores it too.
Like H and I it comes from R's files, so bench/cv.py holds it out together with R.
"""
import json
import os
import random
import sys
from datetime import datetime

FMT = "%Y-%m-%d %H:%M:%S"
SOURCE = "realKnownCause"
CATEGORY = SOURCE + "Short"
SEEDS = (21, 22, 23, 24)


def read(path):
    with open(path) as f:
        next(f)
        return [line.strip() for line in f if line.strip()]


def stamp(line):
    return datetime.strptime(line.split(",", 1)[0], FMT)


def windows(times, anomalies):
    """NAB's rule: 10 % of the rows shared among the anomalies, each window centred on its anomaly, clipped."""
    inside = [i for i, t in enumerate(times) if t in anomalies]
    if not inside:
        return []
    half = int(0.1 * len(times) / len(inside)) // 2
    spans = []
    for i in inside:
        a, b = max(0, i - half), min(len(times) - 1, i + half)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [[times[a].strftime(FMT) + ".000000", times[b].strftime(FMT) + ".000000"] for a, b in spans]


def main():
    nab, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(nab, "labels", "combined_labels.json")) as f:
        labels = json.load(f)
    path = os.path.join(out, "labels", "combined_windows.json")
    combined = {}
    if os.path.exists(path):
        with open(path) as f:
            combined = {k: v for k, v in json.load(f).items() if not k.startswith(CATEGORY + "/")}
    folder = os.path.join(nab, "data", SOURCE)
    for name in sorted(os.listdir(folder)):
        lines = read(os.path.join(folder, name))
        times = [stamp(line) for line in lines]
        steps = sorted((b - a).total_seconds() for a, b in zip(times, times[1:]))
        length = 4032 if steps[len(steps) // 2] <= 600 else 1600
        if len(lines) <= 1.3 * length:
            continue
        probation = min(750, int(0.15 * length))
        anomalies = {datetime.strptime(s, FMT) for s in labels[SOURCE + "/" + name]}
        starts = set()
        for k, at in enumerate(sorted(anomalies)):
            row = times.index(at)
            for seed in SEEDS:
                rnd = random.Random(seed * 1000 + k * 31 + len(name))
                place = rnd.randint(probation, length - 1)
                start = min(max(0, row - place), len(lines) - length)
                if start in starts:
                    continue  # an anomaly near the file's end clamps every seed to the same cut
                starts.add(start)
                cut = lines[start:start + length]
                key = "%s/%s_a%d_s%d.csv" % (CATEGORY, name[:-4], k, seed)
                combined[key] = windows(times[start:start + length], anomalies)
                target = os.path.join(out, "data", key)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w") as f:
                    f.write("timestamp,value\n" + "\n".join(cut) + "\n")
                print("%-64s rows %6d..%6d, anomaly at %4d, %d windows"
                      % (key, start, start + length, row - start, len(combined[key])))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(combined, f, indent=1)


if __name__ == "__main__":
    main()
