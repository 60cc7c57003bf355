# Sourced by submit/cutover and submit/cluster: where things are, which Java, the Java 17 module openings
# Spark needs, and building the cluster jar and Spark's classpath when they are missing or stale.
# shellcheck shell=bash

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/cutover.jar"
spark_cp="$root/cli/target/spark-classpath.txt"

java_bin="java"
[[ -n "${JAVA_HOME:-}" ]] && java_bin="$JAVA_HOME/bin/java"

# Spark on Java 17 needs these for drivers, executors, masters and workers alike.
opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)

# $1: the calling script's name, for messages.
require_java() {
  if ! command -v "$java_bin" >/dev/null 2>&1; then
    echo "$1: Java 17 or newer is needed: install it or set JAVA_HOME." >&2
    exit 3
  fi
}

stale() {
  [[ ! -f "$jar" || ! -f "$spark_cp" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -print -quit 2>/dev/null)" ]]
}

# $1: the calling script's name. Builds quietly (mvn package) when the jar or Spark's classpath is missing or stale.
build_if_stale() {
  stale || return 0
  if ! command -v mvn >/dev/null 2>&1; then
    echo "$1: the jar is not built and Maven is missing: install Maven, or run 'mvn -DskipTests package' where it is." >&2
    exit 3
  fi
  local log="${TMPDIR:-/tmp}/cutover-build.log"
  echo "$1: building the jar (first run or changed sources; log: $log) ..." >&2
  if ! (cd "$root" && mvn -B -q -DskipTests package >"$log" 2>&1); then
    echo "$1: the build failed; the last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 3
  fi
}
