#!/usr/bin/env python3
"""A quiet variable's "new normal" under the v5 nested protocol (issue 12, BENCHMARKS.md, "v7 study").

Usage: mv_newnormal_study.py [--data DATA_DIR]   (needs numpy and scipy; a few minutes)

What still floods machine-1-5 at v5 are variables nearly constant in training whose test part changes for good
(a new hourly spike, a lasting level shift). Here a variable's new behaviour is accepted once it has lasted:
- a row is a "solo exceedance" of variable j when j's own score is above the threshold and no other variable's is;
- at test row i, j is "confirmed" when its solo exceedances within the previous W test rows span at least W / 2
  rows (first to last), i.e. it has stayed anomalous, or recurrently spiky, alone for hours;
- a confirmed variable's score is multiplied by min(1, threshold / M), M its highest score over those W rows, so
  a spike no higher than its recent ones is no longer surprising; a higher one still is.
The window holds test rows only (a scorer starts with an empty state). W 0 is v5 (peak ratio family unchanged).

Candidates: v3's scores and calibrations (variance 0.7 / 0.8, q 0.99 / 0.995 / 0.999 x factor 1.0..3.0) x peak
ratio rho (mv_aftermath_study.py) x W. Rule fixed before the first held-out figure, the same as
mv_aftermath_study.py's: "smoothed" = mean pooled Fc1 on the other 12 over the box of adjacent factor, adjacent
rho and adjacent W (inside the family); argmax beside. HitRate@150 % is not computed here (mv_nested_java.py).
Variant --spiky 0.25 (after the first run lost): confirm only recurrent spikes (solo exceedances on at most a
quarter of the W rows), so a lasting fault of one variable is never accepted; a lasting shift is not either.
"""
import argparse, os, sys
import numpy as np
from scipy.ndimage import maximum_filter1d

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mv_threshold_study as S  # noqa: E402
import mv_nested_loo as N  # noqa: E402
import mv_aftermath_study as A  # noqa: E402

WS = (0, 240, 720, 1440)
RHOS = A.RHOS
FACTORS = N.FIT_FACTORS
QS = A.QS


def window_max_before(g, w):
    """max of g over rows i-w .. i-1 (0 where empty)."""
    pad = np.vstack([np.zeros((w, g.shape[1])), g])
    full = maximum_filter1d(pad, size=w, axis=0, origin=(w - 1) // 2, mode="nearest")
    # with origin (w-1)//2 the window at position p covers p-w+1 .. p; row i (pad position i+w) needs i+w-1 back w
    return full[w - 1:w - 1 + len(g)]


def rescale(g, t, w, spiky=None):
    if w == 0:
        return g
    n = len(g)
    over = g > t
    solo = over & (over.sum(1, keepdims=True) == 1)
    idx = np.broadcast_to(np.arange(n)[:, None], g.shape)
    last = np.maximum.accumulate(np.where(solo, idx, -1), 0)
    nxt = np.minimum.accumulate(np.where(solo, idx, n)[::-1], 0)[::-1]
    rows = np.arange(n)
    last_prev = np.vstack([np.full((1, g.shape[1]), -1), last[:-1]])
    first_in = nxt[np.clip(rows - w, 0, n - 1)]
    confirmed = (last_prev >= (rows - w)[:, None]) & (last_prev - first_in >= w // 2)
    if spiky is not None:  # recurrent spikes only: solo exceedances cover at most that share of the window
        c = np.vstack([np.zeros((1, g.shape[1])), np.cumsum(solo, 0)])
        confirmed &= (c[rows] - c[np.clip(rows - w, 0, n)]) <= spiky * w
    m = window_max_before(g, w)
    return np.where(confirmed, g * np.minimum(1.0, t / np.maximum(m, 1e-12)), g)


def study(data, spiky=None):
    res = {}
    for vf in N.VFS:
        for key, (tr, te, lab, segs) in data.items():
            n = len(tr)
            g = N.variable_g(np.vstack([tr, te]), n, vf)
            base_tr = S.despike(S.smooth(g[:n].max(1), "mean2"))
            g_te = g[n:]
            for q in QS:
                b = S.quant(base_tr, q)
                for f in FACTORS:
                    t = max(1.0, f * b)
                    for w in WS:
                        # the two-row mean runs over the training tail too, as in v3 (row n-1 feeds row n)
                        s_all = S.smooth(np.r_[g[n - 1].max(), rescale(g_te, t, w, spiky).max(1)], "mean2")[1:]
                        for rho in RHOS:
                            res[(vf, q, f, rho, w)] = res.get((vf, q, f, rho, w), {})
                            res[(vf, q, f, rho, w)][key] = A.counts(A.peak_flags(s_all, t, rho), lab, segs)
    return res


def box(c, res):
    vf, q, f, rho, w = c
    i, ri, wi = FACTORS.index(f), RHOS.index(rho), WS.index(w)
    return [m for x in FACTORS[max(0, i - 1):i + 2] for r in RHOS[max(0, ri - 1):ri + 2]
            for ww in WS[max(0, wi - 1):wi + 2] for m in [(vf, q, x, r, ww)] if m in res]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spiky", type=float, help="variant: confirm only recurrent spikes (solo exceedances on at "
                    "most this share of the W rows; the second run, committed before it)")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "shared", "datasets", "multivariate"))
    a = ap.parse_args()
    data = S.load(a.data)
    keys = list(data)
    res = study(data, a.spiky)
    boxes = {c: box(c, res) for c in res}
    fams = {
        "v3 + peak (v5)": lambda c: c[4] == 0,
        "v3 + peak + new normal": lambda c: True,
        "v5 rho 0.2 + new normal": lambda c: c[3] == 0.2,
    }
    for name, keep in fams.items():
        names = sorted((c for c in res if keep(c)), key=str)
        for rule in ("smoothed", "argmax"):
            held, picks = A.nested(names, res, keys, rule, boxes)
            tot = sum(held.values())
            print("%-26s %4d configs %-8s held-out Fc1 %.4f (tp %d fp %d events %d/%d)" % (
                name, len(names), rule, S.fc1(tot), tot[0], tot[1], tot[3], tot[2]))
            if rule == "smoothed":
                for k, c in picks.items():
                    r = res[c][k]
                    print("    %-12s vf%g q%g x%g rho%g W%d  tp %5d fp %4d events %d/%d" % (
                        k[1], *c, *r[:2], r[3], r[2]))
        inside = set(names)
        best = max(names, key=lambda c: np.mean([S.fc1(sum(res[m][k] for k in keys)) for m in boxes[c] if m in inside]))
        print("    on all 13 (smoothed): vf%g q%g x%g rho%g W%d in-sample %.4f" % (*best, S.fc1(sum(res[best].values()))))


if __name__ == "__main__":
    main()
