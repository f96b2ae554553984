#!/usr/bin/env python3
"""Leave-one-entity-out figures for the multivariate engine.

Usage: mv_loo.py CONFIG_DIR... --data DATA_DIR

Each CONFIG_DIR holds the results of one engine configuration in the layout that
shared/eval/mv_score.py reads. For every entity, the configuration with the best
pooled Fc1 at the flags on the OTHER entities is chosen and the held-out entity is
scored with it; the held-out records are then pooled ("all micro"). Also prints
every configuration's in-sample figures. Uses mv_score.py's own functions, found
at ../shared/eval beside the project.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
import mv_score as M  # noqa: E402


def line(name, m):
    h = m["hitrate"]["flagged"]
    return "%-26s Fc1 %.4f (P %.4f, event recall %.4f)  best Fc1 %.4f  F1 %.4f  HitRate@100 %s @150 %s" % (
        name, m["fc1_flags"]["f1"], m["fc1_flags"]["precision"], m["fc1_flags"]["event_recall"],
        m["fc1_best"]["f1"], m["f1_flags"]["f1"],
        "-" if h["@100"] is None else "%.4f" % h["@100"], "-" if h["@150"] is None else "%.4f" % h["@150"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("configs", nargs="+")
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    grid = {os.path.basename(c.rstrip("/")): M.score_dirs(c, a.data) for c in a.configs}
    names = sorted(grid)
    entities = list(grid[names[0]])
    print("in-sample, all entities pooled (%d configurations):" % len(names))
    for n in names:
        print("  " + line(n, M.metrics(list(grid[n].values()))))
    held_out = {}
    print("leave one entity out:")
    for e in entities:
        others = [x for x in entities if x != e]
        best = max(names, key=lambda n: M.metrics([grid[n][x] for x in others])["fc1_flags"]["f1"])
        held_out[e] = grid[best][e]
        print("  %-18s chosen on the other %d: %s" % ("/".join(e), len(others), best))
    for g in ("asd", "smd", "all"):
        recs = [r for k, r in held_out.items() if g == "all" or k[0] == g]
        print("  " + line("held-out %s micro" % g, M.metrics(recs)))


if __name__ == "__main__":
    main()
