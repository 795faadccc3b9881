#!/bin/sh
# Measures start time and memory of each test resource (docs/testing.md). Run from the repository root after a
# build: ./mvnw -B install -DskipTests && libs/testing/measure-footprint.sh
set -eu
cd "$(dirname "$0")"
../../mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/footprint.classpath -Dmdep.includeScope=test
../../mvnw -B -q test-compile
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/classes:target/test-classes:$(cat target/footprint.classpath)" \
    dev.mpmarketplace.testing.footprint.ResourceFootprint
