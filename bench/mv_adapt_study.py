#!/usr/bin/env python3
"""Channel-wise prediction errors and adaptive per-variable scaling for vigil-pca (issue 12, BENCHMARKS.md,
"v4"). Usage: mv_adapt_study.py [--data DATA_DIR]   (needs numpy and scipy; about two minutes)

A numpy copy of the engine's per-variable scores (mv_threshold_study.py's: residual R and change C, each scaled by
its training RMS; v3's variable score is sqrt(R C)), plus:
- channel-wise prediction errors P: each standardised variable predicted by a ridge regression (penalty 0.01 or
  0.1) from the other variables' current values and the lags 1..L (L 1 or 3) of all variables ("f") or of its own
  only ("o"), scaled by its training RMS; combined with R and C by the geometric mean of 1 to 3 members;
- adaptive scaling: a member (R, C, or the combined score G) divided by sqrt(max(1, v_{t-1})), v an EWMA (rate a)
  of its squares capped at cap^2, from 1 at the start of training (v4 is "dynG", a 0.01, cap 2).
Row score = max over variables, averaged over 2 rows; threshold = factor x the q-quantile of the spike-trimmed
training scores (v3's calibration), q 0.99 / 0.995 / 0.999, factor 1.0..3.0 by 0.1 (63 per structure). Prints
every structure's in-sample best and leave-one-entity-out (argmax on the other 12) figure, then LOO over families
and over everything at once (argmax, and "flat": best mean of a configuration and its factor neighbours).
"""
import argparse, os, sys
import numpy as np
from scipy.signal import lfilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mv_threshold_study as S  # noqa: E402


def prediction_errors(z, n, lags, lam, own):
    """Ridge prediction error of z_t[j] from u_t = [z_t, z_{t-1}..z_{t-lags}] without z_t[j] (own: the other
    variables' current values and its own lags only); fitted on the first n rows."""
    N, d = z.shape
    u = np.hstack([z] + [np.vstack([np.zeros((k, d)), z[:-k]]) for k in range(1, lags + 1)])
    g = u[lags:n].T @ u[lags:n] / (n - lags)
    if not own:  # every regression at once, from the regularised precision matrix
        t = np.linalg.inv(g + lam * np.eye(len(g)))
        return (u @ t[:, :d]) / np.diag(t)[:d]
    e = np.zeros((N, d))
    for j in range(d):
        idx = [i for i in range(d) if i != j] + [j + k * d for k in range(1, lags + 1)]
        b = np.linalg.solve(g[np.ix_(idx, idx)] + lam * np.eye(len(idx)), g[idx, j])
        e[:, j] = z[:, j] - u[:, idx] @ b
    return e


def members(tr, te):
    n = len(tr)
    x = np.vstack([tr, te])
    mean, scale, p = S.fit(tr, 0.7)
    z = (x - mean) / scale
    scaled = lambda a: np.abs(a) / np.maximum(0.05, np.sqrt((a[:n] ** 2).sum(0) / (n - 1)))  # noqa: E731
    m = {"R": scaled(z - (z @ p) @ p.T), "C": scaled(S.changes(z, 10))}
    for lags in (1, 3):
        for lam in (0.01, 0.1):
            for own in (False, True):
                m["P%s%d_%g" % ("o" if own else "f", lags, lam)] = scaled(prediction_errors(z, n, lags, lam, own))
    return m


def adapt(m, a, cap):
    x = np.minimum(m ** 2, cap * cap)
    v, _ = lfilter([a], [1, -(1 - a)], x, axis=0, zi=np.full((1, m.shape[1]), 1 - a))
    return m / np.sqrt(np.maximum(1, np.vstack([np.ones((1, m.shape[1])), v[:-1]])))


def variable_scores(m, st):
    kind = st[0]
    if kind == "geo":
        v = np.ones_like(m["R"])
        for name in st[1:]:
            v = v * m[name]
        return v ** (1.0 / (len(st) - 1))
    _, a, cap = st
    if kind == "dynR":
        return np.sqrt(adapt(m["R"], a, cap) * m["C"])
    if kind == "dynRC":
        return np.sqrt(adapt(m["R"], a, cap) * adapt(m["C"], a, cap))
    if kind == "dynG":
        return adapt(np.sqrt(m["R"] * m["C"]), a, cap)
    return np.cbrt(adapt(m["R"], a, cap) * adapt(m["C"], a, cap) * adapt(m["Po3_0.1"], a, cap))  # dynRCP


def structures():
    out = [("geo", "R", "C")]
    for p in ("Pf1_0.01", "Po1_0.01", "Pf1_0.1", "Po1_0.1", "Pf3_0.01", "Po3_0.01", "Pf3_0.1", "Po3_0.1"):
        out += [("geo", p), ("geo", "R", p), ("geo", "C", p), ("geo", "R", "C", p)]
    for kind in ("dynR", "dynRC", "dynG"):
        for a in (0.01, 0.002):
            for cap in (3.0, 1e9):
                out.append((kind, a, cap))
    out += [("dynRCP", 0.01, 3.0), ("dynRCP", 0.002, 3.0)]
    for a in (0.005, 0.01, 0.02, 0.05):
        for cap in (2.0, 3.0, 4.0, 6.0):
            out.append(("dynG", a, cap))
    out += [("dynG", a, 1.5) for a in (0.005, 0.01, 0.02)]
    return list(dict.fromkeys(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "shared", "datasets", "multivariate"))
    data = S.load(ap.parse_args().data)
    keys = list(data)
    mem = {k: members(tr, te) for k, (tr, te, _, _) in data.items()}
    facs = [round(float(f), 1) for f in np.arange(1.0, 3.01, 0.1)]
    res = {}
    for st in structures():
        for k in keys:
            tr, te, lab, segs = data[k]
            n = len(tr)
            s = variable_scores(mem[k], st).max(1)
            s_tr = S.smooth(s[:n], "mean2")
            s_te = S.smooth(np.r_[s[n - 5:n], s[n:]], "mean2")[5:]
            for q in (0.99, 0.995, 0.999):
                base = S.quant(S.despike(s_tr), q)
                for f in facs:
                    flags = s_te > max(1.0, f * base)
                    tp = int((flags & lab).sum())
                    res.setdefault((st, q, f), {})[k] = np.array(
                        [tp, int(flags.sum()) - tp, len(segs), sum(1 for a, b in segs if flags[a:b].any())])

    def neighbours(c):
        return [c] + [x for x in ((c[0], c[1], round(c[2] - 0.1, 1)), (c[0], c[1], round(c[2] + 0.1, 1))) if x in res]

    def loo(names, rule="argmax"):
        held = {}
        for key in keys:
            others = [k for k in keys if k != key]
            pooled = lambda c: S.fc1(sum(res[c][k] for k in others))  # noqa: E731
            best = max(names, key=pooled if rule == "argmax" else lambda c: np.mean([pooled(x) for x in neighbours(c)]))
            held[key] = res[best][key]
        return S.fc1(sum(held.values()))

    print("%d configurations" % len(res))
    for st in structures():
        names = [c for c in res if c[0] == st]
        best = max(names, key=lambda c: S.fc1(sum(res[c].values())))
        print("%-30s in-sample %.4f %-14s LOO %.4f" % (st, S.fc1(sum(res[best].values())), best[1:], loo(names)))
    families = {
        "v3 (static geo R C)": lambda st: st == ("geo", "R", "C"),
        "static, with prediction errors": lambda st: st[0] == "geo",
        "adaptive, capped": lambda st: st[0] != "geo" and st[2] < 100,
        "adaptive dynG, capped": lambda st: st[0] == "dynG" and st[2] < 100,
        "everything": lambda st: True,
    }
    for name, keep in families.items():
        names = [c for c in res if keep(c[0])]
        print("%-32s %5d  LOO argmax %.4f  flat %.4f" % (name, len(names), loo(names), loo(names, "flat")))


if __name__ == "__main__":
    main()
