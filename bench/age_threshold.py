#!/usr/bin/env python3
"""The chance rate of the flags by the series' age, and the flag threshold by age that would keep it flat.

Reads the CSV of the label-free replays (src/test/java/dev/vigil/bench/AgeCurve.java: anomaly-free series of four
noise families at 5-minute and hourly sampling) and prints:

1. flags per 1,000 judged values (and per series per day) by age band, per family and sampling interval;
2. for target chance rates of 0.5, 1 and 2 reports per 1,000 values, the surprisal each age bin needs to report at
   that rate (interpolated in log rate between the CSV's levels), and the one slope b and maturity M that fit
   them all as  theta(n) = a_group + b * log10(min(n, M))  (n: judged values, at least 144; one intercept per
   family, interval and target), with the age at which each group's fitted theta is 3.0 (sensitivity 96).

    java -cp target/test-classes:target/classes:$(cat cp) dev.vigil.bench.AgeCurve 300 63 240 96 > curve.csv
    python3 bench/age_threshold.py curve.csv
"""
import csv
import math
import sys

BANDS = [(0, 288), (288, 1152), (1152, 3456), (3456, 8064), (8064, 10 ** 9)]
TARGETS = [0.5, 1.0, 2.0]
YOUNGEST = 144


def judge_start(per_day):
    # three days of 5-minute data; 288 values (12 days) of hourly data
    return 864 if per_day == 288 else 288


def judged_mid(row):
    start = judge_start(int(row["perDay"]))
    lo = max(int(row["ageFrom"]), start)
    hi = int(row["ageTo"]) if row["ageTo"] != "inf" else 2 * int(row["ageFrom"])
    return max((lo + hi) / 2 - start, YOUNGEST)


def level_at(row, levels, rate):
    """The surprisal at which this bin's reports reach `rate` per value, or NaN."""
    n = int(row["judged"])
    shares = [int(row[k]) / n for k in levels]
    at = [float(k[2:]) for k in levels]
    for i in range(len(at) - 1):
        a, b = shares[i], shares[i + 1]
        if a >= rate >= b > 0:
            return at[i] + (at[i + 1] - at[i]) * math.log(a / rate) / math.log(a / b)
    return float("nan")


def bands(rows):
    """Each CSV bin goes to the band that holds its first judged value."""
    print("flags per 1,000 judged values (per series per day) by judged age:",
          "  ".join("%d-%s" % (a, b if b < 10 ** 9 else "") for a, b in BANDS))
    for key in sorted({(r["family"], int(r["perDay"])) for r in rows}):
        judged, flags = [0] * len(BANDS), [0] * len(BANDS)
        for r in rows:
            if (r["family"], int(r["perDay"])) == key and int(r["judged"]) > 0:
                first = max(int(r["ageFrom"]), judge_start(key[1])) - judge_start(key[1])
                band = next(k for k, (a, b) in enumerate(BANDS) if a <= first < b)
                judged[band] += int(r["judged"])
                flags[band] += int(r["flags"])
        cells = ["%5.2f (%4.2f)" % (1000 * f / j, f / j * key[1]) if j else "      -     "
                 for f, j in zip(flags, judged)]
        print("  %-8s %3d  %s" % (key[0], key[1], "  ".join(cells)))


def fit(rows, levels):
    points = []
    for r in rows:
        for target in TARGETS:
            theta = level_at(r, levels, target / 1000)
            if theta == theta:
                points.append(((r["family"], int(r["perDay"]), target), judged_mid(r), theta))
    groups = sorted({p[0] for p in points})
    best = None
    for mature in (2000, 3000, 4000, 6000, 8000, 10000, 15000, 10 ** 9):
        for b in [k / 20 for k in range(21)]:
            sse, intercepts = 0.0, {}
            for g in groups:
                sel = [p for p in points if p[0] == g]
                xs = [math.log10(min(p[1], mature)) for p in sel]
                a = sum(p[2] - b * x for p, x in zip(sel, xs)) / len(sel)
                intercepts[g] = a
                sse += sum((p[2] - a - b * x) ** 2 for p, x in zip(sel, xs))
            if best is None or sse < best[0]:
                best = (sse, b, mature, intercepts)
    sse, b, mature, intercepts = best
    print("\ncommon slope b %.2f decades of threshold per decade of judged values, maturity M %d, rms %.3f over %d bins"
          % (b, mature, math.sqrt(sse / len(points)), len(points)))
    print("per group: the settled threshold for the target rate, and the age at which the fitted threshold is 3.0")
    for g in groups:
        settled = intercepts[g] + b * math.log10(mature)
        at3 = 10 ** ((3 - intercepts[g]) / b) if b > 0 else float("nan")
        print("  %-8s %3d  %.1f per 1,000: settled %.2f, 3.0 at %6.0f judged values" % (g + (settled, at3)))


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    levels = [k for k in rows[0] if k.startswith("ge")]
    bands(rows)
    fit(rows, levels)


if __name__ == "__main__":
    main()
