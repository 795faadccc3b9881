#!/bin/sh
# Runs the API fuzzer once against a local run that is up (./marketplace up in another terminal), then greps that
# run's logs for secrets: every operation of every service's OpenAPI document, no token / a token without the role /
# a token with it, and schema-derived hostile inputs. Exits 1 on any 5xx, non-problem error, stack trace or secret.
#
#   sandbox/launcher/fuzz.sh [seed] [requests per operation]     (default: a new seed, 40)
#
# The same MARKETPLACE_* variables as ./marketplace choose the run (its home and ports). docs/testing.md explains it.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAUNCHER="$ROOT/sandbox/launcher"
if [ ! -f "$LAUNCHER/target/test-classes/dev/mpmarketplace/sandbox/launcher/fuzz/ApiFuzzer.class" ] \
        || [ ! -f "$LAUNCHER/target/marketplace-launcher.jar" ]; then
    echo "Building sandbox/launcher and its tests (./mvnw package -DskipTests -pl sandbox/launcher)..." >&2
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl sandbox/launcher) >&2
fi
if [ -n "${JAVA_HOME:-}" ]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=java
fi
MARKETPLACE_HOME="${MARKETPLACE_HOME:-$ROOT/target/marketplace}"
export MARKETPLACE_HOME
exec "$JAVA" -cp "$LAUNCHER/target/test-classes:$LAUNCHER/target/marketplace-launcher.jar:$LAUNCHER/target/lib/*" \
    dev.mpmarketplace.sandbox.launcher.fuzz.ApiFuzzer "$@"
