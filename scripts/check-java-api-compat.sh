#!/usr/bin/env bash
# The compatibility gate of the Java API, as openapi-diff is the spec's: the client jar built here is
# compared by japicmp with the last release, built from source at the commit that
# src/client/api-baseline.properties names (no binaries are committed). A binary-incompatible change
# (removed or changed public method, class, field of the wrapper or of a generated model) fails, unless this
# build's version has a higher major version than the release.
# Needs: a git checkout with the release commit in its history.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=src/client/api-baseline.properties
commit=$(sed -n 's/^commit=//p' "$baseline")
[ -n "$commit" ] || { echo "$baseline names no commit=" >&2; exit 2; }
git cat-file -e "$commit^{commit}" 2>/dev/null \
  || { echo "the release commit $commit is not in this clone's history (fetch it, or clone deeper)" >&2; exit 2; }
version() { sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p'; }
release=$(git show "$commit:pom.xml" | version)
current=$(version < pom.xml)

work=target/api-baseline
jar=target/api-baseline-$release.jar
if [ ! -f "$jar" ]; then
  git worktree remove --force "$work" 2>/dev/null || rm -rf "$work"
  git worktree add --detach --quiet "$work" "$commit"
  trap 'git worktree remove --force "$work" 2>/dev/null || true' EXIT
  echo "== building release $release (commit ${commit:0:12}) from source"
  (cd "$work" && ./mvnw -q -B -ntp -pl src/client -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package) \
    > target/api-baseline.log 2>&1 || { tail -40 target/api-baseline.log >&2; exit 1; }
  cp "$work/src/client/target/passport-customers-$release.jar" "$jar"
fi

break=true
if [ "${current%%.*}" -gt "${release%%.*}" ]; then
  break=false
  echo "version $current is a new major version after $release: incompatible changes are reported, not failed"
fi
echo "== japicmp: passport-customers $current against release $release"
./mvnw -B -ntp -pl src/client -Papi-compat -DskipTests -Dmaven.javadoc.skip=true \
  -Dapi.baseline.jar="$PWD/$jar" -Dapi.break=$break verify > target/api-compat.log 2>&1 \
  || { grep -E 'japicmp|ERROR|BUILD|\*\*\*|!!!|---' target/api-compat.log | head -60 >&2; exit 1; }
grep -E 'japicmp|Comparing' target/api-compat.log | head -5
echo "java API: no binary-incompatible change against release $release"
