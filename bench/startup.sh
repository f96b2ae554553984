#!/bin/sh
# Production-mode start-up and idle memory (issue 14, "Lighter on its feet"; BENCHMARKS.md "Start-up and idle
# memory"). A first Vigil in local mode provides PostgreSQL and Kafka; a second one, pointed at them through the
# documented variables with embedded services off (as a container runs), is started RUNS times and measured:
#   ready   wall time from exec to /q/health/ready answering 200 (what a Kubernetes readiness probe sees), and
#           the CPU seconds the process used until then (steadier than wall time on a shared machine)
#   quarkus Quarkus' own "started in" figure (class loading to listening, after the JVM is up)
#   rss     the process' resident memory after IDLE seconds of idling (VmRSS), and the Java heap in use then
# Usage: bench/startup.sh [runs] [idle-seconds] [extra JVM options...]; needs target/quarkus-app (./mvnw package).
# The measured process runs in target/quarkus-app, as a container image runs it, so that an AppCDS archive built
# there (-Dquarkus.package.jar.appcds.enabled=true; options -XX:SharedArchiveFile=app-cds.jsa) matches its class path.
set -eu
RUNS=${1:-3}
IDLE=${2:-30}
shift 2 2>/dev/null || shift $#
JVM_OPTS="$*"
APP=target/quarkus-app/quarkus-run.jar
[ -f "$APP" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
cleanup() { # stop the measured process, then the services' Vigil, waiting for it so its PostgreSQL stops too
  for f in "$WORK/run.pid" "$WORK/services.pid"; do
    [ -f "$f" ] || continue
    p=$(cat "$f"); kill "$p" 2>/dev/null || true
    while kill -0 "$p" 2>/dev/null; do sleep 0.2; done
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ready() { # port: waits until /q/health/ready answers 200
  until curl -ksf "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 \
     || curl -ksf "https://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; do sleep 0.02; done
}

# the services: local mode on its own ports and data folder
VIGIL_DATA_DIR="$WORK/data" VIGIL_LOCAL_PG_PORT=54391 VIGIL_LOCAL_KAFKA_PORT=59391 QUARKUS_HTTP_PORT=18391 \
  QUARKUS_MANAGEMENT_PORT=19391 java -jar "$APP" > "$WORK/services.log" 2>&1 &
echo $! > "$WORK/services.pid"
ready 19391
echo "services up: PostgreSQL :54391, Kafka :59392 (local-mode Vigil on :18391)"

i=1
while [ "$i" -le "$RUNS" ]; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  VIGIL_EMBEDDED=false VIGIL_DB_URL=jdbc:postgresql://127.0.0.1:54391/postgres VIGIL_DB_USER=postgres \
    VIGIL_DB_PASSWORD= VIGIL_KAFKA_BOOTSTRAP=127.0.0.1:59391 VIGIL_ALLOW_ANONYMOUS=true QUARKUS_HTTP_PORT=18392 \
    QUARKUS_MANAGEMENT_PORT=19392 sh -c "cd target/quarkus-app && exec java $JVM_OPTS -jar quarkus-run.jar" \
    > "$WORK/run$i.log" 2>&1 &
  pid=$!
  echo $pid > "$WORK/run.pid"
  ready 19392
  end=$(date +%s%N)
  # user + system CPU the process used until ready: steadier than wall time on a shared machine
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/used/ {for (f = 1; f <= NF; f++) if ($f == "used") {print $(f+1); exit}}')
  started=$(grep -o 'started in [0-9.]*s' "$WORK/run$i.log" | head -1)
  printf 'run %d: ready %d ms (%s CPU-s; %s), idle RSS %d MB after %ss, heap used %s\n' "$i" \
    $(( (end - start) / 1000000 )) "$cpu" "quarkus $started" $(( rss / 1024 )) "$IDLE" "${heap:-?}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$WORK/run.pid"
  i=$((i + 1))
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
