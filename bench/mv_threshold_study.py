#!/usr/bin/env python3
"""Threshold and smoothing study of vigil-pca (issue 12, BENCHMARKS.md "Multivariate", v3).

Usage: mv_threshold_study.py [--data DATA_DIR]   (needs numpy; about two minutes)

A numpy copy of the engine's scores (PcaEngine: standardise, PCA residual, change from the mean of the last 10
rows, per-variable geometric mean scaled by training RMS, row score = max over variables; it reproduces the Java
engine's figures to four digits, e.g. Fc1 0.6348 for v2 and 0.6898 for v3). Over these scores it tries every
calibration of the threshold listed in BENCHMARKS.md (1,248 configurations) and prints, per family and over all
of them, the in-sample best and the leave-one-entity-out figure: for each entity the configuration with the best
pooled Fc1 on the OTHER entities ("argmax"), or the best mean of a configuration and its two neighbours on the
factor axis ("flat"), scores the held-out entity. Counts are mv_score.py's (pooled precision, event recall).
"""
import argparse, gzip, math, os, sys
from collections import defaultdict
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
import mv_score as M  # noqa: E402


def load(data):
    out = {}
    for ds in ("asd", "smd"):
        for e in sorted(os.listdir(os.path.join(data, ds))):
            p = os.path.join(data, ds, e)
            tr = np.loadtxt(gzip.open(os.path.join(p, "train.csv.gz"), "rt"), delimiter=",", skiprows=1,
                            dtype=str)[:, 1:].astype(float)
            te = np.loadtxt(gzip.open(os.path.join(p, "test.csv.gz"), "rt"), delimiter=",", skiprows=1,
                            dtype=str)[:, 1:-1].astype(float)
            _, labels, _ = M.read_test(os.path.join(p, "test.csv.gz"))
            out[(ds, e)] = (tr, te, np.array(labels, bool), M.segments(labels))
    return out


def changes(z, window):
    n = len(z)
    cs = np.vstack([np.zeros((1, z.shape[1])), np.cumsum(z, axis=0)])
    t = np.arange(n)
    h = np.minimum(t, window)
    c = z - (cs[t] - cs[t - h]) / np.maximum(h, 1)[:, None]
    c[0] = 0
    return c


def fit(x, vf):
    n, d = x.shape
    mean = x.mean(0)
    scale = np.maximum(x.std(0, ddof=1), 1e-3 * np.maximum(1, np.abs(mean)))
    z = (x - mean) / scale
    w, v = np.linalg.eigh(z.T @ z / (n - 1))
    o = np.argsort(-w)
    w, v = w[o], v[:, o]
    total, k, ex = np.clip(w, 0, None).sum(), 0, 0
    while total > 0 and k < d - 1 and ex < vf * total:
        ex += max(0, w[k])
        k += 1
    return mean, scale, v[:, :k]


def row_scores(x_fit, x_all, vf, n_scale):
    """Raw row scores of x_all with the model fitted on x_fit and scales from the first n_scale rows."""
    mean, scale, p = fit(x_fit, vf)
    z = (x_all - mean) / scale
    r = z - (z @ p) @ p.T
    c = changes(z, 10)
    e = np.maximum(0.05, np.sqrt((r[:n_scale] ** 2).sum(0) / (n_scale - 1)))
    f = np.maximum(0.05, np.sqrt((c[:n_scale] ** 2).sum(0) / (n_scale - 1)))
    return np.sqrt(np.abs(r) / e * np.abs(c) / f).max(1)


def smooth(s, kind):
    if kind == "none":
        return s
    w = int(kind[-1])
    v = sliding_window_view(np.r_[np.full(w - 1, s[0]), s], w)
    return v.mean(1) if kind.startswith("mean") else v.min(1)


def despike(s):
    return np.minimum(s, np.maximum(np.r_[0, s[:-1]], np.r_[s[1:], 0]))


def quant(s, q):
    s = np.sort(s)
    return s[min(len(s) - 1, int(math.ceil(q * len(s))) - 1)]


def pot(s, q0, risk):
    """Peaks over threshold: a generalised Pareto tail (moments) above the q0 quantile, at exceedance risk."""
    u = np.quantile(s, q0)
    y = s[s > u] - u
    m, v = y.mean(), y.var()
    xi, sigma, pu = 0.5 * (1 - m * m / v), 0.5 * m * (m * m / v + 1), len(y) / len(s)
    return u + sigma * math.log(pu / risk) if abs(xi) < 1e-6 else u + sigma / xi * ((risk / pu) ** (-xi) - 1)


def fc1(c):
    tp, fp, ev, det = c
    p = tp / (tp + fp) if tp + fp else 0
    r = det / ev
    return 2 * p * r / (p + r) if p + r else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "shared", "datasets", "multivariate"))
    data = load(ap.parse_args().data)
    keys = list(data)
    scores = {}  # (vf, key) -> (training row scores, test row scores, held-back tail scores)
    for vf in (0.7, 0.8):
        for key, (tr, te, _, _) in data.items():
            n = len(tr)
            s = row_scores(tr, np.vstack([tr, te]), vf, n)
            cut = int(n * 0.75)
            hb = row_scores(tr[:cut], tr, vf, cut)[cut:]
            scores[(vf, key)] = (s[:n], s[n:], hb)

    def counts(key, threshold, sm, vf):
        s_tr, s_te, _ = scores[(vf, key)]
        te = smooth(np.r_[s_tr[-5:], s_te], sm)[5:]  # the state carries the training tail into the test
        flags = te > max(1.0, threshold)
        _, _, lab, segs = data[key]
        tp = int((flags & lab).sum())
        return np.array([tp, int(flags.sum()) - tp, len(segs), sum(1 for a, b in segs if flags[a:b].any())])

    res = {}
    facs = [round(float(f), 1) for f in np.arange(1.0, 3.01, 0.1)]
    for vf in (0.7, 0.8):
        for sm in ("none", "mean2", "mean3", "min2", "min3"):
            for cal in ("raw", "desp"):
                for q in (0.99, 0.995, 0.999):
                    for fac in facs if sm in ("none", "mean2") else (1.0, 1.2, 1.5, 2.0):
                        res[(vf, sm, cal, q, fac)] = {k: counts(k, fac * quant(
                            despike(smooth(scores[(vf, k)][0], sm)) if cal == "desp"
                            else smooth(scores[(vf, k)][0], sm), q), sm, vf) for k in keys}
            for q0 in (0.95, 0.98):
                for risk in (1e-3, 1e-4, 1e-5):
                    for fac in (1.0, 1.2):
                        res[(vf, sm, "pot%g" % q0, risk, fac)] = {k: counts(k, fac * pot(
                            smooth(scores[(vf, k)][0], sm), q0, risk), sm, vf) for k in keys}
        for sm in ("none", "mean2"):
            for cal in ("heldback", "heldback-desp"):
                for q in (0.99, 0.995, 0.999, 1.0):
                    for fac in [round(float(f), 1) for f in np.arange(0.6, 2.01, 0.1)]:
                        res[(vf, sm, cal, q, fac)] = {k: counts(k, fac * quant(
                            despike(smooth(scores[(vf, k)][2], sm)) if cal.endswith("desp")
                            else smooth(scores[(vf, k)][2], sm), q), sm, vf) for k in keys}

    def neighbours(n):
        return [n] + [m for m in (n[:4] + (round(n[4] - 0.1, 1),), n[:4] + (round(n[4] + 0.1, 1),)) if m in res]

    def loo(names, rule):
        held = {}
        for key in keys:
            others = [k for k in keys if k != key]
            pooled = lambda n: fc1(sum(res[n][k] for k in others))  # noqa: E731
            best = max(names, key=pooled if rule == "argmax"
                       else lambda n: np.mean([pooled(m) for m in neighbours(n)]))
            held[key] = res[best][key]
        return fc1(sum(held.values()))

    print("%d configurations" % len(res))
    fams = defaultdict(list)
    for n in res:
        fams[(n[1], n[2])].append(n)
    fams[("all", "")] = list(res)
    for f, names in sorted(fams.items()):
        best = max(names, key=lambda n: fc1(sum(res[n].values())))
        print("%-22s %4d  in-sample best %.4f %s  LOO argmax %.4f  flat %.4f" % (
            "/".join(f), len(names), fc1(sum(res[best].values())), best, loo(names, "argmax"), loo(names, "flat")))
    for cfg in ((0.8, "none", "raw", 0.995, 1.5), (0.7, "mean2", "desp", 0.99, 2.0)):
        print(cfg, "in-sample %.4f" % fc1(sum(res[cfg].values())))


if __name__ == "__main__":
    main()
