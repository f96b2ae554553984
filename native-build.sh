#!/usr/bin/env bash
# Builds target/vigil-*-runner, the native executable (then see src/main/docker/Dockerfile.native). Needs GraalVM or
# Mandrel for JDK 21+ (native-image in GRAALVM_HOME, JAVA_HOME or PATH), or a working docker/podman that can pull
# the Quarkus builder image. Otherwise it says why and exits 2; NATIVE_SOURCES_ONLY=1 then still writes
# target/native-sources/ to finish elsewhere: cd target/native-sources && native-image $(cat native-image.args)
# Extra arguments go to Maven. Slow (minutes, several GB of memory): never part of CI.
set -euo pipefail
cd "$(dirname "$0")"
ARGS=(-B package -DskipTests -Dnative "$@")
IMG="${QUARKUS_NATIVE_BUILDER_IMAGE:-quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25}"  # Quarkus 3.34 default

native_image() {
  for d in "${GRAALVM_HOME:-}" "${JAVA_HOME:-}"; do
    [ -n "$d" ] && [ -x "$d/bin/native-image" ] && { echo "$d/bin/native-image"; return; }
  done
  command -v native-image
}
container_runtime() {  # an engine that answers and has (or can pull) the builder image
  for rt in docker podman; do
    command -v "$rt" >/dev/null && timeout 20 "$rt" info >/dev/null 2>&1 || continue
    "$rt" image inspect "$IMG" >/dev/null 2>&1 || timeout 600 "$rt" pull "$IMG" >&2 || continue
    echo "$rt"; return
  done
  return 1
}

if NI=$(native_image); then
  echo "Using $NI"
  exec ./mvnw "${ARGS[@]}" -Dquarkus.native.container-build=false
elif RT=$(container_runtime); then
  echo "No native-image here; building inside $IMG with $RT"
  exec ./mvnw "${ARGS[@]}" -Dquarkus.native.container-build=true -Dquarkus.native.container-runtime="$RT" \
    -Dquarkus.native.builder-image="$IMG"
fi
echo "Cannot build a native executable here: no GraalVM/Mandrel native-image (GRAALVM_HOME, JAVA_HOME, PATH)" >&2
echo "and no docker/podman engine that can run $IMG." >&2
if [ "${NATIVE_SOURCES_ONLY:-0}" = 1 ]; then
  ./mvnw "${ARGS[@]}" -Dquarkus.native.sources-only=true -Dquarkus.native.container-build=false
  echo "Wrote target/native-sources/; on a machine with GraalVM/Mandrel:" \
       "cd target/native-sources && native-image \$(cat native-image.args)" >&2
fi
exit 2
