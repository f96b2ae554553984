#!/bin/sh
# Writes JDK 25's AOT cache (JEP 483/514/515) of a whole production start, at image build time (Dockerfile.jvm;
# README, "Faster start"). The cache holds the classes the start loads, already parsed and linked, and their method
# profiles; it fits only this JVM build and this class path, so it is written in the image that runs it.
# The training start must be a real one: a local-mode Vigil from the same jar provides a throwaway PostgreSQL and
# Kafka (the schema is migrated on its first start), then the application starts against them in production mode
# with -XX:AOTCacheOutput and is stopped once ready; the JVM assembles the cache as it exits. Nothing of the
# services is left in the image.
# Usage: aot-train.sh <cache file>, in the folder of quarkus-run.jar. The production start gets the JVM options in
# VIGIL_JVM_OPTIONS (the image's entry point uses the same). Ports: VIGIL_LOCAL_PG_PORT (15432) and
# VIGIL_LOCAL_KAFKA_PORT (19092, and the next one) for the services, whose Vigil listens on TRAIN_SERVICES_HTTP_PORT
# (18080) and TRAIN_SERVICES_MANAGEMENT_PORT (19000); the training start on QUARKUS_HTTP_PORT (8080) and
# QUARKUS_MANAGEMENT_PORT (9000).
set -eu
CACHE=$1
PG=${VIGIL_LOCAL_PG_PORT:-15432}
KAFKA=${VIGIL_LOCAL_KAFKA_PORT:-19092}
SERVICES_MANAGEMENT=${TRAIN_SERVICES_MANAGEMENT_PORT:-19000}
MANAGEMENT=${QUARKUS_MANAGEMENT_PORT:-9000}
APP=$(pwd)/quarkus-run.jar
WORK=$(mktemp -d)
mkdir "$WORK/tmp"

ready() { # pid port: waits up to 5 minutes for /q/health/ready; fails if the process ends first
  n=0
  until curl -sf "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$1" 2>/dev/null || { echo "aot-train: process $1 ended before it was ready" >&2; return 1; }
    n=$((n + 1)); [ "$n" -lt 1500 ] || { echo "aot-train: not ready after 5 minutes" >&2; return 1; }
    sleep 0.2
  done
}
stop() { # pid: SIGTERM, then waits for the process to end
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
fail() {
  tail -n 30 "$WORK"/*.log >&2 || true
  exit 1
}

VIGIL_EMBEDDED=true VIGIL_DATA_DIR="$WORK/data" VIGIL_LOCAL_PG_PORT=$PG VIGIL_LOCAL_KAFKA_PORT=$KAFKA \
  QUARKUS_HTTP_PORT=${TRAIN_SERVICES_HTTP_PORT:-18080} QUARKUS_MANAGEMENT_PORT=$SERVICES_MANAGEMENT \
  java -Djava.io.tmpdir="$WORK/tmp" -jar "$APP" > "$WORK/services.log" 2>&1 &
services=$!
ready "$services" "$SERVICES_MANAGEMENT" || fail

rm -f "$CACHE"
# shellcheck disable=SC2086 # the options are words
VIGIL_EMBEDDED=false VIGIL_DB_URL=jdbc:postgresql://127.0.0.1:$PG/postgres VIGIL_DB_USER=postgres \
  VIGIL_DB_PASSWORD= VIGIL_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA VIGIL_ALLOW_ANONYMOUS=true QUARKUS_MANAGEMENT_PORT=$MANAGEMENT \
  java ${VIGIL_JVM_OPTIONS:-} -XX:AOTCacheOutput="$CACHE" -jar "$APP" > "$WORK/training.log" 2>&1 &
training=$!
ready "$training" "$MANAGEMENT" || { stop "$services"; fail; }
stop "$training"
stop "$services"
[ -s "$CACHE" ] || fail
echo "aot-train: $CACHE, $(du -m "$CACHE" | cut -f1) MB ($(grep -c 'warning\]\[aot' "$WORK/training.log") classes or" \
  "proxies the JVM could not cache, as expected)"
# with the services' data and their temporary files (the unpacked PostgreSQL binaries)
rm -rf "$WORK"
