#!/usr/bin/env bash
# Cutover on YARN with a Spark 3.5 (Scala 2.12) installation: the cluster jar, client deploy mode.
#
#   SPARK_HOME=/opt/spark submit/examples/yarn-submit.sh reconcile --spec /etc/cutover/customers.conf --cohort c07
#
# Client mode: the driver runs here, reads the spec from this machine and writes the report files (reports.path)
# here; executors run in YARN containers. Put every table the executors touch (sources, target.path) where all
# nodes read the same thing: hdfs://, s3a://, abfss:// URIs in the spec, or a mount that every node shares.
# Tune with the environment: CUTOVER_JAR, DRIVER_MEMORY, EXECUTOR_MEMORY, EXECUTOR_CORES, MAX_EXECUTORS, QUEUE.
set -euo pipefail

: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation built for Scala 2.12}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${CUTOVER_JAR:-$here/../../cli/target/cutover.jar}"

# Java 17 module openings for the driver and every executor (Spark 3.5 adds most of them itself; stating them
# keeps a platform that rewrites the executors' Java options working).
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

exec "$SPARK_HOME/bin/spark-submit" \
  --master yarn --deploy-mode client \
  --queue "${QUEUE:-default}" \
  --name "cutover-${1:-help}" \
  --class io.cutover.cli.Main \
  --driver-memory "${DRIVER_MEMORY:-4g}" \
  --executor-memory "${EXECUTOR_MEMORY:-8g}" \
  --executor-cores "${EXECUTOR_CORES:-4}" \
  --conf spark.executor.memoryOverhead=1g \
  --conf spark.dynamicAllocation.enabled=true \
  --conf spark.dynamicAllocation.shuffleTracking.enabled=true \
  --conf "spark.dynamicAllocation.maxExecutors=${MAX_EXECUTORS:-20}" \
  --conf spark.sql.adaptive.enabled=true \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf "spark.driver.extraJavaOptions=$opens" \
  --conf "spark.executor.extraJavaOptions=$opens" \
  "$jar" "$@"
