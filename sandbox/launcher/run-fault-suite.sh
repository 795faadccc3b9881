#!/bin/sh
# The fault suite (issue 17, docs/reliability.md): each scenario starts the local run through the launcher's Java API
# on free ports, drives a mixed load, injects its fault, records every acknowledged request and every effect, and
# has HistoryChecker judge the history. Long (minutes per scenario) and process-killing: never part of ./mvnw verify.
#
#   sandbox/launcher/run-fault-suite.sh                      # every scenario
#   sandbox/launcher/run-fault-suite.sh BrokerKillFaultIT    # one (or several, comma-separated)
#   FAULTS_ARGS='-Dfaults.notifications=10000' sandbox/launcher/run-fault-suite.sh BrokerKillFaultIT
#
# Against a deliberately broken service, to see a scenario fail (variables added to that service's environment):
#   FAULTS_ARGS='-Dfaults.env.notification-ingest-service=MP_MESSAGING_OUTGOING_RAW_NOTIFICATIONS_ACKS=0,MP_MESSAGING_OUTGOING_RAW_NOTIFICATIONS_ENABLE_IDEMPOTENCE=false' \
#     sandbox/launcher/run-fault-suite.sh BrokerKillFaultIT
#
# Each scenario's figures (load, duration, counts checked, verdict, load average) are printed and written to
# sandbox/launcher/target/fault-suite/<scenario>.txt.
set -eu
cd "$(dirname "$0")/../.."
scenarios="${1:-*FaultIT}"
# The services run from their packaged jars, as ./marketplace up starts them: build them first.
./mvnw -B -q install -DskipTests -pl notification-ingest-service,payment-service,seller-linking-service,point-service,order-projection-service,sandbox/launcher -am
# shellcheck disable=SC2086
./mvnw -B verify -pl sandbox/launcher -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$scenarios" -Dfailsafe.failIfNoSpecifiedTests=false ${FAULTS_ARGS:-}
