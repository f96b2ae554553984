#!/usr/bin/env python3
"""Writes a labelled development set of bursty count series in NAB's layout (category syntheticCounts), seeded.

We have no labelled count file (event or message volumes per 5 minutes), so this one is made from first principles:
each series is a gamma-Poisson (negative binomial) count with a daily rhythm and a weekend dip, its mean from 0.5
to 2,000 per 5 minutes (the low ones mostly zeros, every one with a heavy right tail from the gamma mixing), and a
few injected events: bursts (the rate several times higher for 15 minutes to an hour), outages (the counts near
zero for one to three hours) and lasting level changes (the rate doubled or halved). Three series have no event;
their rows after probation count as false alarms like NAB's artificialNoAnomaly files. A window is NAB's usual
10 % of the file divided among its events, beginning a fifth of the way before the event starts.

    python3 bench/synth_counts.py <out dir>      # writes <out>/data/syntheticCounts/*.csv and merges its windows
                                                 # into <out>/labels/combined_windows.json (made if missing)

The nabx folder of bench/derive_nab.py is the usual <out dir>, so TuningSweep's -Dvigil.sweep.nabx scores it too.
"""
import json
import math
import os
import random
import sys
from datetime import datetime, timedelta

FMT = "%Y-%m-%d %H:%M:%S"
CATEGORY = "syntheticCounts"
STEP = 300
ROWS = 8064  # four weeks of 5-minute counts
START = datetime(2015, 3, 2)


def poisson(rnd, lam):
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, int(round(rnd.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, rnd.random()
    while p > limit:
        k += 1
        p *= rnd.random()
    return k


def rhythm(t, peak_hour, depth):
    """Daily rhythm (a smooth peak in the day, a trough at night) times a weekend dip; mean about 1."""
    hours = t.hour + t.minute / 60
    day = math.exp(depth * math.cos(2 * math.pi * (hours - peak_hour) / 24)) / math.exp(depth * depth / 4)
    return day * (0.7 if t.weekday() >= 5 else 1.0)


def series(rnd, mean, dispersion, kinds):
    peak_hour, depth = rnd.uniform(11, 20), rnd.uniform(0.4, 1.5)
    factor = [1.0] * ROWS
    events = []
    # events after NAB's probation (15 %) and apart from each other
    slots = sorted(rnd.sample(range(2, 9), len(kinds)))
    for kind, slot in zip(kinds, slots):
        at = int(ROWS * slot / 10 + rnd.uniform(0, ROWS / 20))
        if kind == "burst":
            length, size = rnd.randint(3, 12), rnd.uniform(3, 8) + 8 / math.sqrt(mean)
            for i in range(at, at + length):
                factor[i] *= size
        elif kind == "outage":
            for i in range(at, at + rnd.randint(12, 36)):
                factor[i] *= 0.02
        else:
            size = 2.0 if rnd.random() < 0.5 else 0.5
            for i in range(at, ROWS):
                factor[i] *= size
        events.append(at)
    rows = []
    for i in range(ROWS):
        t = START + timedelta(seconds=STEP * i)
        lam = mean * rhythm(t, peak_hour, depth) * factor[i]
        rows.append((t, poisson(rnd, rnd.gammavariate(dispersion, lam / dispersion))))
    return rows, events


def main():
    out = sys.argv[1]
    rnd = random.Random(2026)
    plans = [(0.5, 1, ["burst", "shift"]), (1, 2, ["burst", "outage"]), (2, 1, ["burst"]),
             (5, 3, ["outage", "burst"]), (12, 2, ["shift", "burst"]), (30, 5, ["burst", "outage"]),
             (80, 4, ["burst"]), (200, 8, ["outage", "shift"]), (600, 10, ["burst", "burst"]),
             (2000, 20, ["shift", "burst"]), (3, 2, []), (40, 4, []), (400, 8, [])]
    windows = {}
    folder = os.path.join(out, "data", CATEGORY)
    os.makedirs(folder, exist_ok=True)
    for n, (mean, dispersion, kinds) in enumerate(plans):
        rows, events = series(rnd, mean, dispersion, kinds)
        name = "counts_%02d_mean%g.csv" % (n, mean) if kinds else "counts_%02d_noanomaly.csv" % n
        width = int(0.1 * ROWS / max(1, len(events)))
        spans = []
        for at in events:
            lo, hi = max(0, at - width // 5), min(ROWS - 1, at - width // 5 + width)
            spans.append([rows[lo][0].strftime(FMT) + ".000000", rows[hi][0].strftime(FMT) + ".000000"])
        windows["%s/%s" % (CATEGORY, name)] = spans
        with open(os.path.join(folder, name), "w") as f:
            f.write("timestamp,value\n")
            for t, v in rows:
                f.write("%s,%d\n" % (t.strftime(FMT), v))
        zeros = sum(1 for _, v in rows if v == 0) / ROWS
        print("%-40s %5d rows, %d windows, %4.0f %% zeros, max %d" % (name, ROWS, len(spans), 100 * zeros,
                                                                      max(v for _, v in rows)))
    labels = os.path.join(out, "labels", "combined_windows.json")
    os.makedirs(os.path.dirname(labels), exist_ok=True)
    merged = {}
    if os.path.exists(labels):
        with open(labels) as f:
            merged = {k: v for k, v in json.load(f).items() if not k.startswith(CATEGORY + "/")}
    merged.update(windows)
    with open(labels, "w") as f:
        json.dump(merged, f, indent=1)


if __name__ == "__main__":
    main()
