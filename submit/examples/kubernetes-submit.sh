#!/usr/bin/env bash
# Cutover on Kubernetes with a Spark 3.5 (Scala 2.12) installation: driver and executors in pods of an image that
# holds the cluster jar and the specs, both mounting one shared volume at the same path.
#
#   K8S_API=https://k8s.example.com:6443 CUTOVER_IMAGE=registry.example.com/cutover:0.1.0 \
#     submit/examples/kubernetes-submit.sh reconcile --spec /opt/cutover/rules/customers.conf \
#       --work-dir /cutover-work --cohort c07
#
# The image (see README.md beside this file):
#   FROM apache/spark:3.5.7-scala2.12-java17-ubuntu
#   COPY cli/target/cutover.jar /opt/cutover/cutover.jar
#   COPY rules/ /opt/cutover/rules/
# The claim CUTOVER_PVC (ReadWriteMany: NFS, EFS, Azure Files, CephFS) is mounted at /cutover-work in the driver
# and in every executor, so --work-dir paths mean the same file everywhere; URIs (s3a://...) in the spec work too.
# Cluster deploy mode: spark-submit waits for the driver pod to end. To gate a cutover on reconcile, read the
# driver's own exit code (0 PASS, 1 FAIL, 2 bad spec, 3 error) from the pod, e.g.
#   kubectl -n cutover get pod <driver-pod> -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}'
# or run the driver where the scheduler runs (--deploy-mode client) and use spark-submit's exit code.
set -euo pipefail

: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation built for Scala 2.12}"
: "${K8S_API:?set K8S_API to the Kubernetes API server, e.g. https://k8s.example.com:6443}"
: "${CUTOVER_IMAGE:?set CUTOVER_IMAGE to an image with /opt/cutover/cutover.jar}"
namespace="${K8S_NAMESPACE:-cutover}"
pvc="${CUTOVER_PVC:-cutover-work}"

opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

volume=()
for role in driver executor; do
  volume+=(--conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.work.options.claimName=$pvc"
    --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.work.mount.path=/cutover-work")
done

exec "$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster \
  --name "cutover-${1:-help}" \
  --class io.cutover.cli.Main \
  --conf "spark.kubernetes.namespace=$namespace" \
  --conf "spark.kubernetes.container.image=$CUTOVER_IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.driver.memory=4g \
  --conf spark.driver.cores=1 \
  --conf "spark.executor.instances=${EXECUTORS:-4}" \
  --conf spark.executor.memory=8g \
  --conf spark.executor.cores=4 \
  --conf spark.kubernetes.executor.request.cores=3500m \
  --conf spark.sql.adaptive.enabled=true \
  --conf "spark.driver.extraJavaOptions=$opens" \
  --conf "spark.executor.extraJavaOptions=$opens" \
  "${volume[@]}" \
  local:///opt/cutover/cutover.jar "$@"
