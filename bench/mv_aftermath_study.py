#!/usr/bin/env python3
"""machine-1-5's false alarms: two general fixes under the v5 nested protocol (issue 12, BENCHMARKS.md, "v6 study").

Usage: mv_aftermath_study.py [--data DATA_DIR] [--diagnose]   (needs numpy; a few minutes)

Diagnosis (--diagnose): for every entity, v3's false flagged test rows (default and machine-1-5's fold choice),
split into rows of a flagged run that also covers labelled rows (a fault's aftermath past its label), rows whose
top variable lies beyond its training range by more than half that range, and the top variables.

Fixes, each scored on v3's structure (two-row mean, spikes trimmed, fit calibration q 0.99 / 0.995 / 0.999 x
factor 1.0..3.0, variance 0.7 / 0.8) with mv_nested_loo.py's selection rule ("smoothed": mean pooled Fc1 on the
other 12 over the neighbourhood box, here adjacent factor and adjacent fix parameter; argmax beside):
- "peak" (episode peak): an episode is a stretch of rows scoring above the threshold; a row of it is flagged only
  if its score is also above rho x the highest score of the episode so far (rho 0 = v3). A fault's decay after
  its peak stops being flagged once it falls below rho of the peak; a plateau stays flagged.
- "floor" (range floor): each variable's residual and change scales are at least k x its training range (in
  standardised units), so a move small against what the variable did in training is not surprising however
  quiet its training was (k 0 = v3).
Rules fixed before the first held-out figure: the same as mv_nested_loo.py's.
"""
import argparse, json, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mv_threshold_study as S  # noqa: E402
import mv_nested_loo as N  # noqa: E402

RHOS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
KS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)
FACTORS = N.FIT_FACTORS
QS = (0.99, 0.995, 0.999)


def variable_g(tr, te, vf, k):
    n = len(tr)
    x = np.vstack([tr, te])
    mean, scale, p = S.fit(tr, vf)
    z = (x - mean) / scale
    span = k * (tr.max(0) - tr.min(0)) / scale

    def scaled(a):
        return np.abs(a) / np.maximum(np.maximum(0.05, span), np.sqrt((a[:n] ** 2).sum(0) / (n - 1)))
    return np.sqrt(scaled(z - (z @ p) @ p.T) * scaled(S.changes(z, 10)))


def peak_flags(s, t, rho):
    above = s > t
    if rho == 0:
        return above
    ep = np.cumsum(np.r_[above[0], above[1:] & ~above[:-1]])
    ep[~above] = 0
    off = ep * (s.max() + 1.0)
    run_max = np.maximum.accumulate(np.where(above, s + off, 0)) - off
    return above & (s > rho * run_max)


def counts(flags, lab, segs):
    tp = int((flags & lab).sum())
    return np.array([tp, int(flags.sum()) - tp, len(segs), sum(1 for a, b in segs if flags[a:b].any())])


def study(data):
    res = {}
    for vf in N.VFS:
        for key, (tr, te, lab, segs) in data.items():
            n = len(tr)
            for k in KS:
                s = S.smooth(N.variable_g(np.vstack([tr, te]), n, vf).max(1) if k == 0
                             else variable_g(tr, te, vf, k).max(1), "mean2")
                base_tr, s_te = S.despike(s[:n]), s[n:]
                for q in QS:
                    b = S.quant(base_tr, q)
                    for f in FACTORS:
                        t = max(1.0, f * b)
                        for rho in (RHOS if k == 0 else (0.0,)):
                            res.setdefault((vf, q, f, rho, k), {})[key] = counts(peak_flags(s_te, t, rho), lab, segs)
    return res


def box(c, res):
    vf, q, f, rho, k = c
    i = FACTORS.index(f)
    ri, ki = RHOS.index(rho), KS.index(k)
    out = []
    for x in FACTORS[max(0, i - 1):i + 2]:
        for r in RHOS[max(0, ri - 1):ri + 2]:
            for kk in KS[max(0, ki - 1):ki + 2]:
                m = (vf, q, x, r, kk)
                if m in res:
                    out.append(m)
    return out


def nested(names, res, keys, rule, boxes):
    held, picks = {}, {}
    inside = set(names)
    boxes = {c: [m for m in boxes[c] if m in inside] for c in names}  # the box stays inside the family
    for key in keys:
        others = [k for k in keys if k != key]
        pooled = {}

        def fc(c):
            if c not in pooled:
                pooled[c] = S.fc1(sum(res[c][k] for k in others))
            return pooled[c]
        best = max(names, key=fc) if rule == "argmax" else max(names, key=lambda c: np.mean([fc(m) for m in boxes[c]]))
        held[key], picks[key] = res[best][key], best
    return held, picks


def diagnose(data):
    for key, (tr, te, lab, segs) in data.items():
        for vf, q, f in ((0.7, 0.99, 2.0), (0.8, 0.995, 1.3)):
            n = len(tr)
            g = N.variable_g(np.vstack([tr, te]), n, vf)
            s = S.smooth(g.max(1), "mean2")
            fl = s[n:] > max(1, f * S.quant(S.despike(s[:n]), q))
            fp = fl & ~lab
            run = np.cumsum(np.r_[1, np.diff(fl.astype(int)) != 0])
            touch = np.isin(run, np.unique(run[fl & lab])) & fl
            top = g[n:].argmax(1)
            lo, hi = tr.min(0), tr.max(0)
            v = te[np.arange(len(te)), top]
            beyond = (v > hi[top] + 0.5 * (hi - lo)[top]) | (v < lo[top] - 0.5 * (hi - lo)[top])
            byvar = np.bincount(top[fp], minlength=g.shape[1])
            print("%-12s vf%g q%g x%g: tp %5d fp %4d | fp in a run covering labelled rows %4d, beyond training range %4d"
                  " | top variables %s" % (key[1], vf, q, f, (fl & lab).sum(), fp.sum(), (fp & touch).sum(),
                                           (fp & beyond).sum(), " ".join("m%d:%d" % (j + 1, byvar[j])
                                                                        for j in np.argsort(-byvar)[:4] if byvar[j])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "shared", "datasets", "multivariate"))
    ap.add_argument("--diagnose", action="store_true")
    ap.add_argument("--choices", help="writes each fold's choice (smoothed rule) for mv_nested_java.py")
    a = ap.parse_args()
    data = S.load(a.data)
    if a.diagnose:
        diagnose(data)
        return
    keys = list(data)
    res = study(data)
    boxes = {c: box(c, res) for c in res}
    chosen = {}
    fams = {
        "v3 only": lambda c: c[3] == 0 and c[4] == 0,
        "v3 + peak": lambda c: c[4] == 0,
        "v3 + floor": lambda c: c[3] == 0,
        "v3 + peak + floor": lambda c: True,
    }
    for name, keep in fams.items():
        names = sorted((c for c in res if keep(c)), key=str)
        for rule in ("smoothed", "argmax"):
            held, picks = nested(names, res, keys, rule, boxes)
            tot = sum(held.values())
            print("%-20s %4d configs %-8s held-out Fc1 %.4f (tp %d fp %d events %d/%d)" % (
                name, len(names), rule, S.fc1(tot), tot[0], tot[1], tot[3], tot[2]))
            if rule == "smoothed":
                chosen["%s|%s" % (name, rule)] = {"/".join(k): ["fit", c[0], ["v3"], c[1], c[2], c[3]]
                                                  for k, c in picks.items() if c[4] == 0}
                for k, c in picks.items():
                    r = res[c][k]
                    print("    %-12s vf%g q%g x%g rho%g k%g  tp %5d fp %4d events %d/%d" % (k[1], *c, *r[:2], r[3], r[2]))
        inside = set(names)
        best = max(names, key=lambda c: np.mean([S.fc1(sum(res[m][k] for k in keys)) for m in boxes[c] if m in inside]))
        print("    on all 13 (smoothed): vf%g q%g x%g rho%g k%g in-sample %.4f" % (*best, S.fc1(sum(res[best].values()))))
    if a.choices:
        with open(a.choices, "w") as f:
            json.dump(chosen, f, indent=1)


if __name__ == "__main__":
    main()
