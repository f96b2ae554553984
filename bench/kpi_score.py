#!/usr/bin/env python3
"""Delay-limited segment F1 of the 2018 AIOps Challenge on a folder of KPI results (one CSV per series).

Each file is either `timestamp,value,label,anomaly_score` with that header (KpiEvaluation) or headerless
`score,label` lines (TuningSweep). The series are pooled and the best F1 over all thresholds is reported with
../shared/eval/pa_metrics.py, for delay k=7 (the challenge's rule) and k=inf (older papers' point adjustment).

    python3 bench/kpi_score.py target/kpi-results/vigil [--per-series] [--json FILE]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
import pa_metrics  # noqa: E402


def read(path):
    scores, labels = [], []
    with open(path) as f:
        first = f.readline()
        header = first.startswith("timestamp")
        lines = f if header else [first] + f.readlines()
        for line in lines:
            parts = line.rstrip("\n").split(",")
            if header:
                labels.append(int(parts[2]))
                scores.append(float(parts[3]))
            else:
                scores.append(float(parts[0]))
                labels.append(int(parts[1]))
    return scores, labels


def load(folder):
    return {name[:-4]: read(os.path.join(folder, name)) for name in sorted(os.listdir(folder)) if name.endswith(".csv")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--per-series", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    series = load(args.results)
    out = {"series": len(series), "points": sum(len(s) for s, _ in series.values())}
    for name, k in (("k=7", 7), ("k=inf", None)):
        out[name] = pa_metrics.best_f1(list(series.values()), k=k)
    print("KPI %d series, %d points" % (out["series"], out["points"]))
    for name in ("k=7", "k=inf"):
        b = out[name]
        print("  segment F1 %-6s best F1 %.4f (P %.4f R %.4f, threshold %.6g, segments hit %d/%d)"
              % (name, b["f1"], b["precision"], b["recall"], b["threshold"], b["segments_detected"], b["segments"]))
    if args.per_series:
        for sid, sl in series.items():
            b = pa_metrics.best_f1([sl], k=7)
            print("  %-40s k=7 best F1 %.4f (segments hit %d/%d)" % (sid, b["f1"], b["segments_detected"], b["segments"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
