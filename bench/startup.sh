#!/bin/sh
# Production-mode start-up and idle memory (issue 14, "Lighter on its feet"; BENCHMARKS.md "Start-up and idle
# memory"). A first Vigil in local mode provides PostgreSQL and Kafka; a second one, pointed at them through the
# documented variables with embedded services off (as a container runs), is started RUNS times and measured:
#   ready   wall time from exec to /q/health/ready answering 200 (what a Kubernetes readiness probe sees), and
#           the CPU seconds the process used until then (steadier than wall time on a shared machine)
#   quarkus Quarkus' own "started in" figure (class loading to listening, after the JVM is up)
#   rss     the process' resident memory after IDLE seconds of idling (VmRSS), and the Java heap in use then
#   threads CPU seconds of the main thread alone (the serial path of the start) and of the JIT compiler threads
# Usage: [CDS=1 | AOT=1] bench/startup.sh [runs] [idle-seconds] [extra JVM options...]; needs target/quarkus-app
# (./mvnw package). The measured process runs in target/quarkus-app, as a container image runs it.
# CDS=1 first writes a class-data archive of a whole production start (one training start with
# -XX:ArchiveClassesAtExit, stopped once ready: the JVM writes the archive as it exits), then measures the runs with
# -XX:SharedArchiveFile (README, "Faster start"). An archive fits only the jar and the JVM build that wrote it.
# AOT=1 (JDK 25 or later) does the same with JDK 25's AOT cache (JEP 483/514/515: classes loaded and linked, method
# profiles): the training start runs with -XX:AOTCacheOutput (the JVM assembles the cache as it exits), the runs with
# -XX:AOTCache. The JVM is $JAVA_HOME/bin/java when JAVA_HOME is set, else the java on PATH.
# PRIORITY=-15 (root only) starts the services and each measured process in a scheduling group of their own with that
# nice value (Linux autogroups), so that wall times on a machine busy with other builds come near a quiet machine's;
# the load average is printed either way.
set -eu
RUNS=${1:-3}
IDLE=${2:-30}
shift 2 2>/dev/null || shift $#
JVM_OPTS="$*"
APP=target/quarkus-app/quarkus-run.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
[ "${AOT:-}" != 1 ] || "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCache ' \
  || { echo "AOT=1 needs JDK 25 or later: set JAVA_HOME to one" >&2; exit 1; }
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
SESSION=${PRIORITY:+setsid}
prioritise() { # pid: gives the process' own scheduling group the PRIORITY nice value, if one is asked for
  [ -z "${PRIORITY:-}" ] || { sleep 0.05; echo "$PRIORITY" > "/proc/$1/autogroup"; }
}
VIGIL_DATA_DIR="$WORK/data" VIGIL_LOCAL_PG_PORT=54391 VIGIL_LOCAL_KAFKA_PORT=59391 QUARKUS_HTTP_PORT=18391 \
  QUARKUS_MANAGEMENT_PORT=19391 $SESSION "$JAVA" -jar "$APP" > "$WORK/services.log" 2>&1 &
echo $! > "$WORK/services.pid"
prioritise "$(cat "$WORK/services.pid")"
ready 19391
echo "services up: PostgreSQL :54391, Kafka :59392 (local-mode Vigil on :18391)"

prod() { # JVM options: starts the packaged application in production mode against the services, in the background
  VIGIL_EMBEDDED=false VIGIL_DB_URL=jdbc:postgresql://127.0.0.1:54391/postgres VIGIL_DB_USER=postgres \
    VIGIL_DB_PASSWORD= VIGIL_KAFKA_BOOTSTRAP=127.0.0.1:59391 VIGIL_ALLOW_ANONYMOUS=true QUARKUS_HTTP_PORT=18392 \
    QUARKUS_MANAGEMENT_PORT=19392 $SESSION sh -c "cd target/quarkus-app && exec $JAVA $1 -jar quarkus-run.jar" &
}

train() { # JVM option that writes the archive, file: one production start, stopped once ready (written at exit)
  rm -f "target/quarkus-app/$2"
  prod "$JVM_OPTS $1" > "$WORK/training.log" 2>&1
  pid=$!
  echo $pid > "$WORK/run.pid"
  ready 19392
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$WORK/run.pid"
  [ -f "target/quarkus-app/$2" ] || { echo "no archive written:" >&2; tail "$WORK/training.log" >&2; exit 1; }
  echo "archive: target/quarkus-app/$2, $(du -m "target/quarkus-app/$2" | cut -f1) MB"
}
if [ "${CDS:-}" = 1 ]; then
  train -XX:ArchiveClassesAtExit=vigil-cds.jsa vigil-cds.jsa
  JVM_OPTS="$JVM_OPTS -XX:SharedArchiveFile=vigil-cds.jsa"
elif [ "${AOT:-}" = 1 ]; then
  train -XX:AOTCacheOutput=vigil.aot vigil.aot
  JVM_OPTS="$JVM_OPTS -XX:AOTCache=vigil.aot"
fi

i=1
while [ "$i" -le "$RUNS" ]; do
  start=$(date +%s%N)
  prod "$JVM_OPTS" > "$WORK/run$i.log" 2>&1
  pid=$!
  prioritise "$pid"
  echo $pid > "$WORK/run.pid"
  ready 19392
  end=$(date +%s%N)
  # user + system CPU the process used until ready: steadier than wall time on a shared machine
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  # per thread: main (the serial path; it does next to nothing once ready) and the JIT compiler threads
  threads=$("$JCMD" "$pid" Thread.print 2>/dev/null | awk '/^"/ { for (f = 1; f <= NF; f++) if ($f ~ /^cpu=.*ms$/) {
      ms = substr($f, 5) + 0; if ($1 == "\"main\"") m += ms; else if ($0 ~ /CompilerThread/) j += ms } }
      END { printf "main %.1f, JIT %.1f", m / 1000, j / 1000 }')
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  heap=$("$JCMD" "$pid" GC.heap_info 2>/dev/null | awk '/used/ {for (f = 1; f <= NF; f++) if ($f == "used") {print $(f+1); exit}}')
  started=$(grep -o 'started in [0-9.]*s' "$WORK/run$i.log" | head -1)
  printf 'run %d: ready %d ms (%s CPU-s, %s; quarkus %s), idle RSS %d MB after %ss, heap used %s\n' "$i" \
    $(( (end - start) / 1000000 )) "$cpu" "$threads" "$started" $(( rss / 1024 )) "$IDLE" "${heap:-?}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$WORK/run.pid"
  i=$((i + 1))
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)${PRIORITY:+, scheduling group nice $PRIORITY}"
