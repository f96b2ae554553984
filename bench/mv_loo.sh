#!/bin/sh
# Leave-one-entity-out study of the multivariate engine (BENCHMARKS.md, "Multivariate"): writes the results of
# every configuration of the grid below under target/mv-grid/<config>, then bench/mv_loo.py chooses, for each
# entity, the configuration with the best pooled Fc1 on the other entities and scores the held-out one with it.
# The grid holds three structures (v4: v3 plus each variable judged against its own recent level, rate 0.01,
# cap 2; v3: score averaged over 2 rows, spikes trimmed before calibration; v2: neither), so the structure too is
# chosen on the other entities.
set -e
data=${1:-../shared/datasets/multivariate}
./mvnw -q -Pmv compile
cp=target/classes:$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3" -name 'commons-math3-*.jar' | head -1)
run() { # name, then -D options
  out=target/mv-grid/$1
  shift
  [ -d "$out" ] && return 0
  java -cp "$cp" "$@" dev.vigil.evaluation.MultivariateEvaluation "$data" "$out.tmp" none > /dev/null
  mv "$out.tmp" "$out"
}
for vf in 0.7 0.8; do
  for qm in 0.99:1.8 0.99:2.0 0.99:2.2 0.995:1.2 0.995:1.4 0.995:1.5; do
    q=${qm%%:*}; m=${qm##*:}
    for st in 2:true 1:false; do
      rows=${st%%:*}; trim=${st##*:}
      run r${rows}_${trim}_vf${vf}_q${q}_m${m} -Dvigil.mv.varianceFraction=$vf -Dvigil.mv.quantile=$q \
        -Dvigil.mv.factor=$m -Dvigil.mv.scoreRows=$rows -Dvigil.mv.trimSpikes=$trim -Dvigil.mv.adaptRate=0
    done
  done
  for qm in 0.99:1.2 0.99:1.3 0.99:1.4 0.99:1.6 0.99:2.0 0.995:1.2; do
    q=${qm%%:*}; m=${qm##*:}
    run a0.01c2_vf${vf}_q${q}_m${m} -Dvigil.mv.varianceFraction=$vf -Dvigil.mv.quantile=$q -Dvigil.mv.factor=$m \
      -Dvigil.mv.scoreRows=2 -Dvigil.mv.trimSpikes=true -Dvigil.mv.adaptRate=0.01 -Dvigil.mv.adaptCap=2
  done
done
python3 bench/mv_loo.py target/mv-grid/[ar]* --data "$data"
