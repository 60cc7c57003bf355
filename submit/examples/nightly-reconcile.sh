#!/usr/bin/env bash
# Nightly reconciliation, cohort by cohort: the gate in front of a cutover. Runs `cutover reconcile --strict`
# for each cohort, keeps going after a failure so the log shows every cohort, and exits
#   0  every cohort PASS          1  at least one cohort FAIL (or WARN: --strict)
#   3  a cohort could not be reconciled (bad spec, unreadable source, Spark error): nothing is known
# so the scheduler runs the cutover only after 0. Cron, at 02:30 every night:
#   30 2 * * * cd /opt/cutover && submit/examples/nightly-reconcile.sh c00 c01 c02 >>/var/log/cutover/nightly.log 2>&1 || notify-team "cutover blocked: nightly reconcile"
#
#   submit/examples/nightly-reconcile.sh [COHORT ...]      (default: $CUTOVER_COHORTS, e.g. "c00 c01")
# Environment: CUTOVER_SPEC (default rules/customers.conf), CUTOVER_LAUNCHER (default submit/cutover; the YARN
# or Kubernetes scripts beside this one work too), CUTOVER_MASTER (e.g. yarn, spark://host:7077).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="${CUTOVER_LAUNCHER:-$here/../cutover}"
spec="${CUTOVER_SPEC:-$here/../../rules/customers.conf}"
cohorts=("$@")
if ((${#cohorts[@]} == 0)); then
  read -r -a cohorts <<<"${CUTOVER_COHORTS:-}"
fi
if ((${#cohorts[@]} == 0)); then
  echo "nightly-reconcile: name the cohorts to check, e.g. 'nightly-reconcile.sh c00 c01', or set CUTOVER_COHORTS." >&2
  exit 2
fi

passed=() failed=() broken=()
for cohort in "${cohorts[@]}"; do
  echo "== $(date -u +%FT%TZ) reconcile $cohort"
  "$launcher" reconcile --spec "$spec" --cohort "$cohort" --strict
  case $? in
    0) passed+=("$cohort") ;;
    1) failed+=("$cohort") ;;
    *) broken+=("$cohort") ;;
  esac
done

echo "== PASS: ${passed[*]:-none}; FAIL: ${failed[*]:-none}; could not reconcile: ${broken[*]:-none}"
((${#broken[@]} > 0)) && exit 3
((${#failed[@]} > 0)) && exit 1
exit 0
