#!/usr/bin/env python3
"""One threshold for a mix of groups, as NAB's scorer sets it on a hidden corpus.

bench/cv.py scores every group at its own optimised threshold, but NAB optimises a single threshold per profile over
the whole corpus it is run on, and the hidden corpus mixes kinds of data (5-minute server metrics, hourly, irregular,
bursty counts, short files). A change that moves one kind's optimum away from the others' loses there even when each
group alone scores the same. This pools the groups that stand for those kinds (by default S, H, I, P and C; R and A
on request) into one corpus and prints the three profiles at their optimised thresholds, per run:

    python3 bench/pooled.py target/sweep/runs v8 other ...            # groups S,H,I,P,C
    python3 bench/pooled.py --groups R,S,H,I,P,C target/sweep/runs v8 other
    python3 bench/pooled.py --kinds target/sweep/runs v8 other          # SMD apart, and the two-anchor mixture
    python3 bench/pooled.py --halves target/sweep/runs v8 other         # two-fold choice over halves of the files

--kinds splits the pool into SMD (the server machines at 1 minute) and the rest (ASD, H, I, P, C). The two anchors
disagree there as on nothing else: the random cut forest scores 74.4 on SMD and 32.6 on the rest, the first detector
58.8 and 43.4. The hidden scores the issue gives (forest 58.5 / 47.2 / 67.0, first detector 51.8 / 41.6 / 56.5) put
the hidden corpus at a share w of SMD-like behaviour of 0.62 / 0.55 / 0.67 (forest) and 0.54 / 0.37 / 0.56 (first
detector) per profile; MIX_SHARE is their mean, and "mix" is w SMD + (1 - w) rest. Two anchors and one share per
profile: the mixture is fitted, not validated; it tells how a change's gains on SMD and elsewhere would add up on
the hidden files if those behave like the anchors say.

A third anchor, ARTime (src/bench/java/dev/vigil/bench/ArtimeBaseline.java, which reproduces its published scores
on realKnownCause), scores 49.2 / 43.3 / 52.5 here against 77.6 / 68.3 / 82.8 hidden: its hidden figure is
in-sample (it was developed on NAB's whole corpus) and it reads each file's range and length before the first value.
The pool predicts detectors that were not tuned on the hidden files; it cannot reproduce an in-sample figure
(BENCHMARKS.md, "A third anchor").

--halves splits every group's files into two halves by a stable hash of the file name, scores each run's pool on
each half, and for each half chooses the best run on the other half: a held-out choice among the runs given.
"""
import os
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import flag_level  # noqa: E402
import nab_score  # noqa: E402

PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
DEFAULT_GROUPS = ("S", "H", "I", "P", "C")
# the hidden corpus's share of SMD-like behaviour per profile, from the two anchors (see --kinds above)
MIX_SHARE = (0.58, 0.46, 0.61)


def pooled(run, groups):
    loaded = flag_level.load_groups(run)
    files = [f for g in groups for f in loaded[g]]
    result = nab_score.nab_score(files, {p: nab_score.DEFAULT_PROFILES[p] for p in PROFILES})
    return [(result[p]["score"], result[p]["threshold"]) for p in PROFILES]


def score_files(files):
    result = nab_score.nab_score(files, {p: nab_score.DEFAULT_PROFILES[p] for p in PROFILES})
    return [result[p]["score"] for p in PROFILES]


def kinds(runs, names):
    print("%-14s %24s %24s %24s" % ("config", "SMD", "rest (ASD,H,I,P,C)", "mix (w %.2f/%.2f/%.2f)" % MIX_SHARE))
    for name in names:
        loaded = flag_level.load_groups(os.path.join(runs, name))
        smd = [f for f in loaded["S"] if f["name"].startswith("serverSMD/")]
        rest = [f for f in loaded["S"] if not f["name"].startswith("serverSMD/")]
        rest += [f for g in ("H", "I", "P", "C") for f in loaded[g]]
        a, b = score_files(smd), score_files(rest)
        mix = [w * x + (1 - w) * y for w, x, y in zip(MIX_SHARE, a, b)]
        print("%-14s " % name + " ".join("%24s" % "/".join("%.2f" % v for v in cells) for cells in (a, b, mix)))


def half(name):
    return zlib.crc32(name.encode()) % 2


def halves(runs, names):
    table = {}
    print("%-14s %24s %24s" % ("config", "half 0", "half 1"))
    for name in names:
        loaded = flag_level.load_groups(os.path.join(runs, name))
        files = [f for g in DEFAULT_GROUPS for f in loaded[g]]
        table[name] = [score_files([f for f in files if half(f["name"]) == h]) for h in (0, 1)]
        print("%-14s " % name + " ".join("%24s" % "/".join("%.2f" % v for v in c) for c in table[name]))
    for held in (0, 1):
        best = max(names, key=lambda n: table[n][1 - held][0])
        print("  half %d held out: chose %-14s on half %d -> %.2f standard (%s %.2f)"
              % (held, best, 1 - held, table[best][held][0], names[0], table[names[0]][held][0]))


def main():
    args = sys.argv[1:]
    if args[0] in ("--kinds", "--halves"):
        (kinds if args[0] == "--kinds" else halves)(args[1], args[2:])
        return
    groups = ",".join(DEFAULT_GROUPS)
    if args[0] == "--groups":
        groups, args = args[1], args[2:]
    runs, names = args[0], args[1:]
    print("pooled groups %s, one optimised threshold per profile (surprisal in brackets)" % groups)
    print("%-14s %22s %22s %22s" % ("config", *PROFILES))
    for name in names:
        cells = pooled(os.path.join(runs, name), groups.split(","))
        # flags (0 or 1) have their optimum at 1: no surprisal
        print("%-14s " % name + " ".join("%14.2f (%5.2f)" % (s, t / (1 - t) if t < 1 else float("inf"))
                                         for s, t in cells))


if __name__ == "__main__":
    main()
