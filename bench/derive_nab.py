#!/usr/bin/env python3
"""Derives two sampling-robustness proxies from NAB's realKnownCause development files (no other data is used).

  realKnownCauseHourly     each file averaged into clock hours (files shorter than 1,000 hours are left out)
  realKnownCauseIrregular  each file with 30 % of its rows dropped at random and the kept timestamps jittered by up
                           to a third of the file's step (seeded, so every run sees the same files)
  realKnownCauseIrregularSeeds  the same made with three other seeds (12, 13, 14; files <name>_s<seed>.csv): one
                           seed's drops and jitter move the I score by up to 16 points (BENCHMARKS.md, v5 trials),
                           so a change for irregular data is judged on these too
  realKnownCauseHourlySeeds  the hourly files again with the hour's boundary moved by 15, 30 and 45 minutes (files
                           <name>_o<minutes>.csv): H rests on three files, and one window (machine_temperature's last)
                           has swung H by 10 to 14 points in several trials; the offsets show whether such a swing
                           is the window's mechanism or one draw of the averaging

Windows keep their time span, snapped to the first and last row of the derived file inside them, so NAB's scorer
reads them as usual. These groups are never scored apart from the R group they come from in cross-validation
(bench/cv.py holds them out together with R).

    python3 bench/derive_nab.py <nab dir> <out dir>      # writes <out>/data/<category>/*.csv, <out>/labels/...
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta

FMT = "%Y-%m-%d %H:%M:%S"
SOURCE = "realKnownCause"


def read(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            if line.strip():
                t, v = line.strip().split(",", 1)
                rows.append((datetime.strptime(t, FMT), float(v)))
    return rows


def hourly(rows, offset=0):
    buckets = {}
    shift = timedelta(minutes=offset)
    for t, v in rows:
        buckets.setdefault((t - shift).replace(minute=0, second=0) + shift, []).append(v)
    return [(t, sum(vs) / len(vs)) for t, vs in sorted(buckets.items())]


def irregular(rows, rnd):
    steps = sorted((b[0] - a[0]).total_seconds() for a, b in zip(rows, rows[1:]) if b[0] > a[0])
    step = steps[len(steps) // 2]
    out, last = [], None
    for t, v in rows:
        if rnd.random() < 0.3:
            continue
        t = t + timedelta(seconds=int(rnd.uniform(-step / 3, step / 3)))
        if last is not None and t <= last:
            continue
        out.append((t, v))
        last = t
    return out


def snap(rows, start, end):
    inside = [t for t, _ in rows if start <= t <= end]
    return [inside[0].strftime(FMT) + ".000000", inside[-1].strftime(FMT) + ".000000"] if inside else None


def main():
    nab, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(nab, "labels", "combined_windows.json")) as f:
        windows = json.load(f)
    rnd = random.Random(11)
    others = {seed: random.Random(seed) for seed in (12, 13, 14)}
    derived = {}
    folder = os.path.join(nab, "data", SOURCE)
    for name in sorted(os.listdir(folder)):
        rows = read(os.path.join(folder, name))
        makes = [("Hourly", name, hourly), ("Irregular", name, lambda r: irregular(r, rnd))]
        makes += [("IrregularSeeds", name.replace(".csv", "_s%d.csv" % seed), lambda r, g=g: irregular(r, g))
                  for seed, g in others.items()]
        makes += [("HourlySeeds", name.replace(".csv", "_o%d.csv" % m), lambda r, m=m: hourly(r, m))
                  for m in (15, 30, 45)]
        for category, target, make in makes:
            new = make(rows)
            if len(new) < 1000 or len(new) == len(rows) and category.startswith("Hourly"):
                continue
            key = "%s%s/%s" % (SOURCE, category, target)
            spans = [[datetime.strptime(s, FMT + ".%f"), datetime.strptime(e, FMT + ".%f")]
                     for s, e in windows[SOURCE + "/" + name]]
            derived[key] = [w for w in (snap(new, s, e) for s, e in spans) if w]
            path = os.path.join(out, "data", key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("timestamp,value\n")
                for t, v in new:
                    f.write("%s,%r\n" % (t.strftime(FMT), v))
            print("%-60s %6d rows, %d windows" % (key, len(new), len(derived[key])))
    os.makedirs(os.path.join(out, "labels"), exist_ok=True)
    with open(os.path.join(out, "labels", "combined_windows.json"), "w") as f:
        json.dump(derived, f, indent=1)


if __name__ == "__main__":
    main()
