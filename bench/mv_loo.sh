#!/bin/sh
# Leave-one-entity-out study of the multivariate engine (BENCHMARKS.md, "Multivariate"): writes the results of
# every configuration of the grid below under target/mv-grid/<config>, then bench/mv_loo.py chooses, for each
# entity, the configuration with the best pooled Fc1 on the other entities and scores the held-out one with it.
# The grid holds both structures (v3: score averaged over 2 rows, spikes trimmed before calibration; v2: neither),
# so the structure too is chosen on the other entities.
set -e
data=${1:-../shared/datasets/multivariate}
./mvnw -q -Pmv compile
cp=target/classes:$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3" -name 'commons-math3-*.jar' | head -1)
for st in 2:true 1:false; do
  rows=${st%%:*}; trim=${st##*:}
  for vf in 0.7 0.8; do
    for qm in 0.99:1.8 0.99:2.0 0.99:2.2 0.995:1.2 0.995:1.4 0.995:1.5; do
      q=${qm%%:*}; m=${qm##*:}
      out=target/mv-grid/r${rows}_${trim}_vf${vf}_q${q}_m${m}
      [ -d "$out" ] && continue
      java -cp "$cp" -Dvigil.mv.varianceFraction=$vf -Dvigil.mv.quantile=$q -Dvigil.mv.factor=$m \
        -Dvigil.mv.scoreRows=$rows -Dvigil.mv.trimSpikes=$trim \
        dev.vigil.evaluation.MultivariateEvaluation "$data" "$out.tmp" none > /dev/null
      mv "$out.tmp" "$out"
    done
  done
done
python3 bench/mv_loo.py target/mv-grid/r* --data "$data"
