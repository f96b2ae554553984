#!/usr/bin/env python3
"""Nested leave-one-entity-out of vigil-pca's structure and every constant (issue 12, BENCHMARKS.md, "v5 study").

Usage: mv_nested_loo.py [--data DATA_DIR] [--choices FILE]   (needs numpy and scipy; a few minutes)

For each of the 13 entities, the whole configuration (structure v2 / v3 / v4, v4's adaptation rate and cap, the
variance kept, the calibration and its quantile and factor) is chosen on the other 12 entities only and the one
left out is scored with it; the held-out counts are pooled as mv_score.py's `all micro` Fc1 does. Scores are the
numpy copy of the engine (mv_threshold_study.py, mv_adapt_study.py; they reproduce the Java engine to four digits).

Candidates (every one counted in the printout):
- structures: v2 (one row, untrimmed, static), v3 (two-row mean, spikes trimmed, static), v4 (v3 plus each
  variable divided by sqrt(max(1, level)), level an EWMA of its squared score capped at cap^2) with rate in
  RATES and cap in CAPS; each at variance kept 0.7 and 0.8;
- calibrations: "fit": factor x q-quantile of the training scores (the engine's); "heldback": the model fitted on
  the first 75 % of the training span, the threshold from its scores on the last 25 % (a drift the training fit
  cannot see raises it); "pot": a generalised Pareto tail fitted above the q0-quantile of the training scores,
  threshold at exceedance probability `risk`, times a factor.

Selection rules, fixed before any held-out figure was looked at:
- PRIMARY "smoothed": a configuration's merit is the mean pooled Fc1 on the other 12 over its neighbourhood box
  (itself and its adjacent values of factor, rate and cap, everything else equal); the best merit is chosen. A lone
  peak loses to a flat region.
- secondary "argmax": the best pooled Fc1 on the other 12.
The same rule on all 13 entities gives the configuration to ship; --choices writes each fold's choice (for the Java
engine's HitRate, bench/mv_nested_hitrate.sh).
"""
import argparse, json, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mv_threshold_study as S  # noqa: E402
import mv_adapt_study as A  # noqa: E402

RATES = (0.005, 0.01, 0.02, 0.05)
CAPS = (1.5, 2.0, 3.0, 4.0, 6.0, 1e9)
VFS = (0.7, 0.8)
FIT_FACTORS = [round(0.1 * i, 1) for i in range(10, 31)]
HB_FACTORS = [round(0.1 * i, 1) for i in range(6, 21)]
POT_FACTORS = [round(0.1 * i, 1) for i in range(10, 21)]
CALIBRATIONS = [("fit", q, FIT_FACTORS) for q in (0.99, 0.995, 0.999)] \
    + [("heldback", q, HB_FACTORS) for q in (0.99, 0.995, 0.999, 1.0)] \
    + [("pot", (q0, risk), POT_FACTORS) for q0 in (0.95, 0.98) for risk in (1e-3, 1e-4)]


def structures():
    return [("v2",), ("v3",)] + [("v4", a, c) for a in RATES for c in CAPS]


def variable_g(x, n_fit, vf):
    """Per-variable sqrt(R C) of every row of x under a model fitted (and scaled) on its first n_fit rows."""
    mean, scale, p = S.fit(x[:n_fit], vf)
    z = (x - mean) / scale
    scaled = lambda a: np.abs(a) / np.maximum(0.05, np.sqrt((a[:n_fit] ** 2).sum(0) / (n_fit - 1)))  # noqa: E731
    return np.sqrt(scaled(z - (z @ p) @ p.T) * scaled(S.changes(z, 10)))


def row_scores(g, st):
    s = (A.adapt(g, st[1], st[2]) if st[0] == "v4" else g).max(1)
    return s if st[0] == "v2" else S.smooth(s, "mean2")


def calibrate(s, st):
    return s if st[0] == "v2" else S.despike(s)


def counts_for(te, lab, segs, thresholds):
    """[tp, fp, events, detected] for each threshold (flag: score > max(1, threshold))."""
    t = np.maximum(1.0, np.asarray(thresholds))
    pos = np.sort(te[lab])
    neg = np.sort(te[~lab])
    tp = len(pos) - np.searchsorted(pos, t, side="right")
    fp = len(neg) - np.searchsorted(neg, t, side="right")
    smax = np.array([te[a:b].max() for a, b in segs])
    det = (smax[None, :] > t[:, None]).sum(1)
    return np.stack([tp, fp, np.full(len(t), len(segs)), det], 1)


def study(data):
    keys = list(data)
    res = {}
    for vf in VFS:
        for k in keys:
            tr, te, lab, segs = data[k]
            n = len(tr)
            cut = int(n * 0.75)
            g_full = variable_g(np.vstack([tr, te]), n, vf)
            g_hb = variable_g(tr, cut, vf)
            for st in structures():
                s = row_scores(g_full, st)
                s_tr, s_te = s[:n], s[n:]
                s_hb = calibrate(row_scores(g_hb, st)[cut:], st)
                base_tr = calibrate(s_tr, st)
                for kind, q, facs in CALIBRATIONS:
                    if kind == "fit":
                        base = S.quant(base_tr, q)
                    elif kind == "heldback":
                        base = S.quant(s_hb, q)
                    else:
                        base = S.pot(base_tr, q[0], q[1])
                    c = counts_for(s_te, lab, segs, [f * base for f in facs])
                    for i, f in enumerate(facs):
                        res.setdefault((kind, vf, st, q, f), {})[k] = c[i]
    return keys, res


def neighbourhood(c, res):
    kind, vf, st, q, f = c
    facs = next(x for x in CALIBRATIONS if x[0] == kind and x[1] == q)[2]
    i = facs.index(f)
    fs = facs[max(0, i - 1):i + 2]
    sts = [st]
    if st[0] == "v4":
        ri, ci = RATES.index(st[1]), CAPS.index(st[2])
        sts = [("v4", a, b) for a in RATES[max(0, ri - 1):ri + 2] for b in CAPS[max(0, ci - 1):ci + 2]]
    return [(kind, vf, s, q, x) for s in sts for x in fs]


def choose(names, res, ents, rule, boxes):
    pooled = {c: S.fc1(sum(res[c][k] for k in ents)) for c in set(names) | {m for c in names for m in boxes[c]}}
    if rule == "argmax":
        return max(names, key=lambda c: (pooled[c], c == names[0]))
    return max(names, key=lambda c: np.mean([pooled[m] for m in boxes[c]]))


def nested(names, res, keys, rule, boxes):
    held, picks = {}, {}
    for key in keys:
        others = [k for k in keys if k != key]
        best = choose(names, res, others, rule, boxes)
        held[key], picks[key] = res[best][key], best
    return S.fc1(sum(held.values())), held, picks


def label(c):
    kind, vf, st, q, f = c
    return "%s vf%g %s %s x%g" % (kind, vf, "/".join("%g" % x if not isinstance(x, str) else x for x in st), q, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "shared", "datasets", "multivariate"))
    ap.add_argument("--choices")
    a = ap.parse_args()
    keys, res = study(S.load(a.data))
    boxes = {c: [m for m in neighbourhood(c, res) if m in res] for c in res}
    fams = {
        "v3 only (fit)": lambda c: c[0] == "fit" and c[2] == ("v3",),
        "v2 + v3 (fit)": lambda c: c[0] == "fit" and c[2][0] != "v4",
        "v4 only (fit)": lambda c: c[0] == "fit" and c[2][0] == "v4",
        "v2 + v3 + v4 (fit): task 1": lambda c: c[0] == "fit",
        "v2 + v3 + v4, fit + heldback": lambda c: c[0] in ("fit", "heldback"),
        "v2 + v3 + v4, fit + pot": lambda c: c[0] in ("fit", "pot"),
        "v2 + v3 + v4, heldback only": lambda c: c[0] == "heldback",
        "v2 + v3 + v4, pot only": lambda c: c[0] == "pot",
        "everything": lambda c: True,
    }
    print("%d configurations, %d entities" % (len(res), len(keys)))
    out = {}
    for name, keep in fams.items():
        names = sorted((c for c in res if keep(c)), key=str)
        line = "%-32s %5d" % (name, len(names))
        for rule in ("smoothed", "argmax"):
            f, held, picks = nested(names, res, keys, rule, boxes)
            tot = sum(held.values())
            line += "  %s Fc1 %.4f (tp %d fp %d ev %d/%d)" % (rule, f, tot[0], tot[1], tot[3], tot[2])
            out[(name, rule)] = picks
        full = choose(names, res, keys, "smoothed", boxes)
        print(line)
        print("    on all 13 (smoothed): %s, in-sample %.4f" % (label(full), S.fc1(sum(res[full].values()))))
    for name in ("v3 only (fit)", "v2 + v3 + v4 (fit): task 1", "v2 + v3 + v4, fit + heldback",
                 "v2 + v3 + v4, fit + pot"):
        print("fold choices, %s, smoothed:" % name)
        for k, c in out[(name, "smoothed")].items():
            r = res[c][k]
            print("    %-22s %-40s tp %5d fp %5d events %d/%d" % ("/".join(k), label(c), r[0], r[1], r[3], r[2]))
    for c in (("fit", 0.7, ("v3",), 0.99, 2.0), ("fit", 0.7, ("v4", 0.01, 2.0), 0.99, 1.3)):
        print("%-40s in-sample %.4f" % (label(c), S.fc1(sum(res[c].values()))))
    if a.choices:
        with open(a.choices, "w") as f:
            json.dump({"%s|%s" % n: {"/".join(k): list(c[:2]) + [list(c[2]), c[3], c[4]] for k, c in p.items()}
                       for n, p in out.items()}, f, indent=1)


if __name__ == "__main__":
    main()
