#!/usr/bin/env python3
"""Derives a labelled univariate server-metric set in NAB's layout from the multivariate folder (ASD and SMD).

Each file is one variable of one entity: the last 3 days of its training part (the detector's warm-up: three daily
cycles) followed by its whole test part, at the data set's own synthetic timestamps (ASD 5 minutes, SMD 1 minute,
the test part right after the training part), values as published.

  serverASD, serverSMD  per entity, up to 4 variables that are a labelled root cause of at least one segment
  serverUnlabelled      per entity, up to 2 variables never named as a root cause (no windows: false alarms only)

Selection uses the data and the root-cause lines only, never a detector's output. A variable qualifies when its
training part has at least 20 distinct values (counters stuck on a few levels are left out); candidates are taken in
order of how many segments name them (then by column), and one whose training part correlates with an already taken
variable of the entity at |r| >= 0.95 is skipped (ASD's m7..m19 are nearly one series). An unlabelled variable must
not correlate so with any qualifying labelled one either.

Windows follow NAB: a file's windows together span 10 % of its rows, each centred on its segment (a segment longer
than its share keeps its own length), clipped to the test part and merged when they touch. Rows the labels cannot
judge for this variable are written to ignored.json and scored as if the detector had said nothing (score 0; see
bench/servers_score.py): the training prefix, segments whose root causes do not include this variable (and labelled
rows no root-cause line covers), each widened as a window would be.

    python3 bench/derive_servers.py ../shared/datasets/multivariate <out dir> [n [prefix_days]]
      # n > 1: SMD's 1-minute rows averaged n at a time (5: the step of the hidden cloud metrics), segments mapped
      # onto the averaged rows (a row is labelled when one of its minutes is); ASD is left as it is
      # prefix_days (4th argument, default 3): a longer training prefix, scored as ignored rows; windows keep the
      # widths they have with 3 days, so the judged rows and windows are the same and only the detector's history grows
      # writes <out>/data/<category>/<entity>_m<k>.csv, <out>/labels/combined_windows.json, <out>/labels/ignored.json
"""
import gzip
import json
import os
import sys
from datetime import datetime

import numpy as np

PREFIX_DAYS = 3
MIN_DISTINCT = 20
MAX_CORRELATION = 0.95
LABELLED_PER_ENTITY = 4
UNLABELLED_PER_ENTITY = 2
WINDOW_SHARE = 0.10
FMT = "%Y-%m-%d %H:%M:%S"


def read(path):
    with gzip.open(path, "rt") as f:
        header = next(f).strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    times = [datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%SZ").strftime(FMT) for r in rows]
    return header, times, rows


def root_causes(path, end_exclusive, block):
    """-> [(first row, last row, {variables})] of the test part (in rows of `block` source rows), one per line."""
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                span, names = line.strip().split(":")
                a, b = (int(x) for x in span.split("-"))
                out.append((a // block, (b - 1 if end_exclusive else b) // block, {int(x) for x in names.split(",")}))
    return out


def averaged(times, rows, block, labelled):
    """Rows averaged `block` at a time (a trailing partial block is dropped), stamped with their first time; a label
    column (the test part) becomes 1 when any row of the block has it."""
    out_times, out_rows = [], []
    for i in range(0, len(rows) - block + 1, block):
        part = rows[i:i + block]
        values = [sum(float(r[c]) for r in part) / block for c in range(1, len(part[0]) - (1 if labelled else 0))]
        tail = ["1" if any(r[-1] == "1" for r in part) else "0"] if labelled else []
        out_times.append(times[i])
        out_rows.append([part[0][0]] + ["%.6g" % v for v in values] + tail)
    return out_times, out_rows


def runs(flags):
    out, start = [], None
    for i, f in enumerate(list(flags) + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def merge(spans):
    out = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def choose(train, counts):
    """Labelled and unlabelled variables (0-based columns) by the rules of the module docstring."""
    distinct = [len(set(train[:, k])) >= MIN_DISTINCT for k in range(train.shape[1])]
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.abs(np.nan_to_num(np.corrcoef(train.T)))

    def pick(candidates, against, limit):
        taken = []
        for k in candidates:
            if len(taken) < limit and all(corr[k, j] < MAX_CORRELATION for j in taken + against):
                taken.append(k)
        return taken

    labelled = sorted((k for k in range(train.shape[1]) if distinct[k] and counts[k]), key=lambda k: (-counts[k], k))
    unlabelled = [k for k in range(train.shape[1]) if distinct[k] and not counts[k]]
    return pick(labelled, [], LABELLED_PER_ENTITY), pick(unlabelled, labelled, UNLABELLED_PER_ENTITY)


def spans_for(column, causes, label_runs, offset, rows, standard_rows):
    """-> (windows, ignored) as row spans of the derived file for one variable; windows are sized on
    `standard_rows` (the file's length with the standard prefix), so a longer prefix leaves them as they were."""
    own = merge((a, b) for a, b, names in causes if column + 1 in names)
    other = [(a, b) for a, b, names in causes if column + 1 not in names]
    other += [r for r in label_runs if not any(a <= r[1] and b >= r[0] for a, b, _ in causes)]
    # unlabelled variables widen the other segments as if each were one of the file's windows
    share = WINDOW_SHARE * standard_rows / max(1, len(own) or len(merge(other)))

    def widen(a, b):
        pad = max(0, int(share) - (b - a + 1)) // 2
        return max(offset, offset + a - pad), min(rows - 1, offset + b + pad)

    windows = merge(widen(a, b) for a, b in own)
    inside = set(i for a, b in windows for i in range(a, b + 1))
    ignored = set(range(offset))
    for a, b in other:
        lo, hi = widen(a, b)
        ignored.update(range(lo, hi + 1))
    ignored -= inside
    return windows, runs(i in ignored for i in range(rows))


def main():
    source, out = sys.argv[1], sys.argv[2]
    average = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    prefix_days = float(sys.argv[4]) if len(sys.argv) > 4 else PREFIX_DAYS
    windows, ignored = {}, {}
    for dataset, end_exclusive in (("asd", False), ("smd", True)):
        for entity in sorted(os.listdir(os.path.join(source, dataset))):
            folder = os.path.join(source, dataset, entity)
            header, train_times, train_rows = read(os.path.join(folder, "train.csv.gz"))
            _, test_times, test_rows = read(os.path.join(folder, "test.csv.gz"))
            block = average if dataset == "smd" else 1
            if block > 1:
                train_times, train_rows = averaged(train_times, train_rows, block, False)
                test_times, test_rows = averaged(test_times, test_rows, block, True)
            names = header[1:-1] if header[-1] == "label" else header[1:]
            train = np.array([[float(x) for x in r[1:len(names) + 1]] for r in train_rows])
            label_runs = runs(r[-1] == "1" for r in test_rows)
            causes = root_causes(os.path.join(folder, "interpretation.txt"), end_exclusive, block)
            counts = [sum(1 for c in causes if k + 1 in c[2]) for k in range(len(names))]
            labelled, unlabelled = choose(train, counts)
            step = (datetime.strptime(train_times[1], FMT) - datetime.strptime(train_times[0], FMT)).total_seconds()
            standard = int(PREFIX_DAYS * 86400 / step)
            offset = int(prefix_days * 86400 / step)
            times = train_times[-offset:] + test_times
            for column in labelled + unlabelled:
                category = "serverUnlabelled" if column in unlabelled else "server" + dataset.upper()
                key = "%s/%s_%s.csv" % (category, entity, names[column])
                values = [r[column + 1] for r in train_rows[-offset:]] + [r[column + 1] for r in test_rows]
                win, ign = spans_for(column, causes, label_runs, offset, len(times),
                                     len(times) - offset + standard)
                windows[key] = [[times[a] + ".000000", times[b] + ".000000"] for a, b in win]
                ignored[key] = [[times[a] + ".000000", times[b] + ".000000"] for a, b in ign]
                path = os.path.join(out, "data", key)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write("timestamp,value\n")
                    f.writelines("%s,%s\n" % tv for tv in zip(times, values))
                print("%-40s %6d rows, %2d windows (%5d rows), %5d rows ignored"
                      % (key, len(times), len(win), sum(b - a + 1 for a, b in win), sum(b - a + 1 for a, b in ign)))
    os.makedirs(os.path.join(out, "labels"), exist_ok=True)
    for name, spans in (("combined_windows.json", windows), ("ignored.json", ignored)):
        with open(os.path.join(out, "labels", name), "w") as f:
            json.dump(spans, f, indent=1)


if __name__ == "__main__":
    main()
