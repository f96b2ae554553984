#!/usr/bin/env python3
"""The Java engine's held-out figures (Fc1 and HitRate) for the fold choices of bench/mv_nested_loo.py.

Usage: mv_nested_java.py CHOICES_JSON [--data DATA_DIR] [--families NAME|RULE ...]

For every family and rule given (default: v3 alone and task 1's v2 + v3 + v4, smoothed rule), runs the Java
evaluation (MultivariateEvaluation, -Dvigil.mv.* overrides) once per distinct configuration any fold chose, under
target/mv-nested/<configuration> (kept between runs), then scores each entity with its own fold's configuration and
pools the held-out entities with mv_score.py's functions. Run `./mvnw -q -Pmv compile` first.
"""
import argparse, glob, json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mv_loo as L  # noqa: E402

M = L.M
DEFAULT = ["v3 only (fit)|smoothed", "v2 + v3 + v4 (fit): task 1|smoothed"]


def options(c):
    kind, vf, st, q, f = c[:5]
    rho = c[5] if len(c) > 5 else 0  # the peak ratio (mv_aftermath_study.py); 0 before version 5
    if kind != "fit":
        raise SystemExit("only the engine's own calibration runs in Java: %s" % c)
    rows, trim, rate, cap = (1, "false", 0, 2) if st[0] == "v2" else (2, "true", 0, 2) if st[0] == "v3" \
        else (2, "true", st[1], st[2])
    name = "%s_vf%g_q%g_m%g" % ("-".join("%g" % x if not isinstance(x, str) else x for x in st), vf, q, f) \
        + ("_p%g" % rho if rho else "")
    return name, ["-Dvigil.mv.varianceFraction=%g" % vf, "-Dvigil.mv.quantile=%g" % q, "-Dvigil.mv.factor=%g" % f,
                  "-Dvigil.mv.scoreRows=%d" % rows, "-Dvigil.mv.trimSpikes=%s" % trim,
                  "-Dvigil.mv.adaptRate=%g" % rate, "-Dvigil.mv.adaptCap=%g" % min(cap, 1e6),
                  "-Dvigil.mv.peakRatio=%g" % rho]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("choices")
    ap.add_argument("--data", default="../shared/datasets/multivariate")
    ap.add_argument("--families", nargs="*", default=DEFAULT)
    a = ap.parse_args()
    choices = json.load(open(a.choices))
    jar = glob.glob(os.path.expanduser("~/.m2/repository/org/apache/commons/commons-math3/*/commons-math3-*.jar"))[0]
    scored = {}
    for fam in a.families:
        held = {}
        for ent, c in choices[fam].items():
            name, opts = options(c)
            out = os.path.join("target", "mv-nested", name)
            if not os.path.isdir(out):
                subprocess.run(["java", "-cp", "target/classes:" + jar] + opts
                               + ["dev.vigil.evaluation.MultivariateEvaluation", a.data, out + ".tmp", "none"],
                               check=True, stdout=subprocess.DEVNULL)
                os.rename(out + ".tmp", out)
            if name not in scored:
                scored[name] = M.score_dirs(out, a.data)
            held[tuple(ent.split("/"))] = scored[name][tuple(ent.split("/"))]
            print("  %-18s %s" % (ent, name))
        for g in ("asd", "smd", "all"):
            recs = [r for k, r in held.items() if g == "all" or k[0] == g]
            print(L.line("%s held-out %s" % (fam.split(":")[0], g), M.metrics(recs)))


if __name__ == "__main__":
    main()
