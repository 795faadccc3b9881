#!/usr/bin/env bash
# Refreshes deploy/schemas/strimzi-<version>/: the CustomResourceDefinitions of KafkaTopic and KafkaUser, generated the
# way Strimzi's own build generates them (io.strimzi:crd-generator run over the io.strimzi:api classes, both from Maven
# Central, with the arguments of io.strimzi:api's POM: v1 API, storage v1). Strimzi 1.x needs Java 21 to run: set
# JAVA21_HOME (default: the Temurin JDK under /usr/lib/jvm). Not run by the build: the build reads the committed files.
#
# Usage: deploy/schemas/refresh-strimzi-schema.sh [strimzi version, default 1.2.0]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="${1:-1.2.0}"
java_home="${JAVA21_HOME:-$( (ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/temurin-[3-9]* 2>/dev/null || true) | head -1)}"
if [ -z "$java_home" ] || [ ! -x "$java_home/bin/java" ]; then
  echo "needs Java 21 or newer: set JAVA21_HOME" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>strimzi-crds</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.strimzi</groupId><artifactId>api</artifactId><version>$version</version></dependency>
    <dependency><groupId>io.strimzi</groupId><artifactId>crd-generator</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
POM
"$root/mvnw" -B -q -f "$work/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"

out="$here/strimzi-$version"
mkdir -p "$out"
"$java_home/bin/java" -cp "$(cat "$work/classpath.txt")" io.strimzi.crdgenerator.CrdGenerator \
  --label app:strimzi --label strimzi.io/crd-install:true --target-kube 1.16+ \
  --crd-api-version v1 --api-versions v1 --storage-version v1 --yaml \
  "io.strimzi.api.kafka.model.topic.KafkaTopic=$out/kafkatopics.kafka.strimzi.io.yaml" \
  "io.strimzi.api.kafka.model.user.KafkaUser=$out/kafkausers.kafka.strimzi.io.yaml"
ls -l "$out"
