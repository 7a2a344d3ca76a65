#!/usr/bin/env bash
# Builds the Quarkus MCP peer of `tachyon-bench compare` (target/quarkus-app/quarkus-run.jar)
# when it is missing or older than its pom or sources. Offline first (the dependencies are in
# ~/.m2 after the first build); online only when that fails, e.g. on the first build.
# Prints the jar's path on stdout; Maven's output goes to stderr.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
jar=target/quarkus-app/quarkus-run.jar
if [[ -f "$jar" && -z "$(find pom.xml src -newer "$jar" -print -quit)" ]]; then
    echo "$PWD/$jar"
    exit 0
fi
echo "quarkus peer: building (mvn package) ..." >&2
if ! mvn -B -q -o -Dstyle.color=never -DskipTests package 1>&2; then
    echo "quarkus peer: offline build failed; resolving from the registry ..." >&2
    mvn -B -q -Dstyle.color=never -DskipTests package 1>&2
fi
touch "$jar" # an unchanged jar may keep an old time
echo "$PWD/$jar"
