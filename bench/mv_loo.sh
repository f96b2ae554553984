#!/bin/sh
# Leave-one-entity-out study of the multivariate engine (BENCHMARKS.md, "Multivariate"): writes the results of
# every configuration of the grid below under target/mv-grid/<config>, then bench/mv_loo.py chooses, for each
# entity, the configuration with the best pooled Fc1 on the other entities and scores the held-out one with it.
set -e
data=${1:-../shared/datasets/multivariate}
./mvnw -q -Pmv compile
for vf in 0.7 0.8 0.9; do
  for qm in 0.995:1.5 0.999:1.0 0.999:1.2 0.9995:1.0; do
    q=${qm%%:*}; m=${qm##*:}
    out=target/mv-grid/vf${vf}_q${q}_m${m}
    [ -d "$out" ] && continue
    ./mvnw -q -Pmv exec:java -Dmv.args="$data $out.tmp none" \
      -Dvigil.mv.varianceFraction=$vf -Dvigil.mv.quantile=$q -Dvigil.mv.factor=$m > /dev/null
    mv "$out.tmp" "$out"
  done
done
python3 bench/mv_loo.py target/mv-grid/* --data "$data"
