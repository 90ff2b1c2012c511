#!/usr/bin/env bash
# Runs the documentation's blocks marked <!-- outside-the-repository: LANGUAGE --> (Python, TypeScript, Go, Rust
# and Kotlin today, in docs/other-languages.md; README.md, docs/*.md and CONTRIBUTING.md are read) exactly as
# written, each in a new empty folder outside this repository, as a team in another repository would: the
# block fetches everything it needs itself (the generator from Maven Central, the spec, the configuration
# and the CLI's executable jar from PASSPORT_MAVEN_REPO, pinned packages from PyPI, npm, the Go proxy,
# crates.io or Maven Central).
# PASSPORT_MAVEN_REPO is the repository ./mvnw verify filled for its consumer builds
# (src/tests/target/consumer-repo), unless set. Needs: ./mvnw verify first, curl, java, python3 with
# venv, Node.js 20 and npm, go, cargo, mvn (Maven 3.8+). Arguments: the languages to run (default: every block).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
repo_dir=$root/src/tests/target/consumer-repo
export PASSPORT_MAVEN_REPO=${PASSPORT_MAVEN_REPO:-file://$repo_dir}
export PIP_DISABLE_PIP_VERSION_CHECK=1 NO_UPDATE_NOTIFIER=1
# The tools' caches under target/, as scripts/check-generated-clients.sh keeps them (nothing global).
caches=$root/target/readme-outside-caches
export GOMODCACHE=$caches/go/mod GOCACHE=$caches/go/cache GOFLAGS=-modcacherw GOTOOLCHAIN=local
export PIP_CACHE_DIR=$caches/pip npm_config_cache=$caches/npm CARGO_HOME=$caches/cargo
# Maven (the Kotlin block) downloads into its own repository here, not ~/.m2.
export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Dmaven.repo.local=$caches/m2"
[ -d "$repo_dir/io/passport" ] || [ "$PASSPORT_MAVEN_REPO" != "file://$repo_dir" ] \
  || { echo "missing $repo_dir: run ./mvnw verify first" >&2; exit 2; }

# The pages the blocks may stand on, wherever they move among them.
pages=(README.md docs/*.md CONTRIBUTING.md)
# block LANGUAGE: the lines of the sh block after "<!-- outside-the-repository: LANGUAGE -->", on whichever
# page it stands.
block() {
  awk -v marker="<!-- outside-the-repository: $1 -->" '
    FNR == 1 { found = 0 }
    $0 == marker { found = 1; next }
    found && !inside && /^```sh$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }' "${pages[@]}"
}

marked=$(sed -n -E 's/^<!-- outside-the-repository: ([a-z]+) -->$/\1/p' "${pages[@]}")
[ -n "$marked" ] || { echo "${pages[*]}: no <!-- outside-the-repository: ... --> block" >&2; exit 1; }
twice=$(sort <<< "$marked" | uniq -d)
[ -z "$twice" ] || { echo "${pages[*]}: more than one block for: $twice" >&2; exit 1; }
languages=${*:-$marked}   # or those named
for language in $languages; do
  script=$(block "$language")
  [ -n "$script" ] || { echo "${pages[*]}: no $language block outside the repository, or an empty one" >&2; exit 1; }
  folder=$(mktemp -d "${TMPDIR:-/tmp}/passport-readme-$language.XXXXXX")
  case "$folder" in "$root"/*) echo "$folder is inside the repository" >&2; exit 1 ;; esac
  start=$(date +%s)
  # The block's background jobs (the sandbox) end with it; its output is kept beside the folder.
  if ! (cd "$folder" && timeout 1200 bash -euo pipefail -c "trap 'kill \$(jobs -p) 2>/dev/null || true' EXIT
$script") > "$folder.log" 2>&1 </dev/null; then
    tail -40 "$folder.log" >&2
    echo "$language: the documented block outside the repository failed in $folder (log: $folder.log)" >&2
    exit 1
  fi
  echo "$language: the documented block ran as written in an empty folder outside the repository in" \
    "$(( $(date +%s) - start )) s: $(tail -1 "$folder.log")"
  rm -rf "$folder" "$folder.log"
done
