#!/usr/bin/env bash
# What a team gets from the STOCK generator, with none of generated-config/: for each language, OpenAPI
# Generator's CLI (the version pom.xml pins) run on openapi/customers.yaml with only a package name (and, for
# Java, the `native` library the issue names), built with the language's own tool, then a smoke program
# (smoke/stock/LANGUAGE) that uses every List Customers feature run twice: against a sandbox, and against
# scripts/variant-server.py, which answers the way the spec says the provider may (a zone-less snapshot with
# nine fraction digits, unknown fields and enum values, zero values left out, the gateway's numeric error
# code, an HTML 500). Prints one line per language with the time of each step.
#
#   scripts/check-stock-clients.sh [LANGUAGE...]     # default: every language below
#
# Needs: ./mvnw -DskipTests package (the CLI jar, for the sandbox), npm ci (tsc), python3, go, cargo on PATH.
# Caches (under target/, shared with check-generated-clients.sh): Go modules and build cache, Cargo's registry.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PIP_DISABLE_PIP_VERSION_CHECK=1 NO_UPDATE_NOTIFIER=1
export GOMODCACHE="$root/target/go/mod" GOCACHE="$root/target/go/cache" GOTOOLCHAIN=local GOFLAGS=-modcacherw
export CARGO_HOME="$root/target/cargo-home"

all_languages="python go typescript rust kotlin java"
languages=${*:-$all_languages}
for language in $languages; do
  [[ " $all_languages " == *" $language "* ]] || { echo "unknown language $language (one of: $all_languages)" >&2; exit 2; }
done
[ -f target/passport-customers-cli.jar ] || { echo "missing target/passport-customers-cli.jar: run ./mvnw -DskipTests package first" >&2; exit 2; }
[ -x node_modules/.bin/tsc ] || { echo "missing node_modules/.bin/tsc: run npm ci --ignore-scripts first" >&2; exit 2; }
for tool in python3 go cargo; do
  command -v "$tool" >/dev/null || { echo "missing $tool on PATH (.ci/run says where each is expected)" >&2; exit 2; }
done

version=$(sed -n 's:.*<openapi-generator.version>\(.*\)</openapi-generator.version>.*:\1:p' pom.xml)
generator=target/tools/openapi-generator-cli-$version.jar
[ -f "$generator" ] || ./mvnw -q -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.openapitools:openapi-generator-cli:$version" -DoutputDirectory=target/tools

out=target/stock-clients
logs=target/stock-client-checks
rm -rf "$logs" && mkdir -p "$logs" target/stock-bin

now() { date +%s%N; }
secs() { local ms=$(( ($(now) - $1) / 1000000 )); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }
declare -A cell

# step LANGUAGE COLUMN COMMAND...: runs one step, bounded, logged to $logs/LANGUAGE-COLUMN.log, timed.
step() {
  local language=$1 column=$2 start; shift 2
  start=$(now)
  # In a bash of its own (the build and smoke steps are exported functions), bounded to 15 minutes.
  if ! timeout 900 bash -euo pipefail -c '"$@"' step "$@" >> "$logs/$language-$column.log" 2>&1; then
    tail -30 "$logs/$language-$column.log" >&2
    echo "$language stock client: the $column step failed (whole log: $logs/$language-$column.log)" >&2
    exit 1
  fi
  cell[$language,$column]="ok $(secs "$start")"
}

# The stock generation: the generator's defaults, a package name, nothing else.
generate() { # generate LANGUAGE GENERATOR PACKAGE [MORE CLI OPTIONS...]
  local language=$1 name=$2 package=$3; shift 3
  rm -rf "${out:?}/$language"
  step "$language" generate java -jar "$generator" generate -g "$name" -i openapi/customers.yaml \
    -o "$out/$language" --package-name "$package" "$@"
  # The one warning the stock Python generator prints for any spec (see generated-config/python.yaml).
  if grep -E '\bWARN\b' "$logs/$language-generate.log" | grep -v 'Failed to get the schema name: null' \
      | grep -v -E 'cannot be used as a (field/variable|parameter|model|enum) name\. Renamed to'; then
    echo "$language: unexpected warnings from the stock generator (above)" >&2; exit 1
  fi
}

build_python() {
  # The venv of check-generated-clients.sh (every runtime package pinned in smoke/python/requirements.txt),
  # made here if that script has not run; the stock package has a name of its own beside the configured one.
  if [ ! -x target/python-venv/bin/pip ]; then
    python3 -m venv target/python-venv
    target/python-venv/bin/pip install -q -r smoke/python/requirements.txt
  fi
  target/python-venv/bin/pip install -q --no-deps --no-build-isolation --force-reinstall "./$out/python"
}
build_go() {
  (cd "$out/go" && go vet . && go build .)
  (cd smoke/stock/go && go vet . && go build -o "$root/target/stock-bin/go-smoke" .)
}
build_typescript() {
  node_modules/.bin/tsc -p smoke/stock/typescript/tsconfig.json
}
build_rust() {
  # The target directory of the README's Rust smoke, and its crate versions (smoke/stock/rust/Cargo.lock
  # started as a copy of smoke/rust/Cargo.lock): the dependencies compiled there are reused here.
  cargo build --locked --manifest-path smoke/stock/rust/Cargo.toml --target-dir target/rust-smoke
}
build_kotlin() {
  ./mvnw -q -B -ntp -f smoke/stock/kotlin/pom.xml package
}
build_java() {
  # The generated Maven project as it is (its javadoc and source jars skipped), then the smoke with javac.
  ./mvnw -q -B -ntp -f "$out/java/pom.xml" -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    package dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/target/stock-java.classpath"
  rm -rf target/stock-java-smoke
  javac -Werror -d target/stock-java-smoke -cp "$out/java/target/classes:$(cat target/stock-java.classpath)" \
    smoke/stock/java/StockSmoke.java
}

smoke() { # smoke LANGUAGE BASE_URL MODE
  case $1 in
    python) target/python-venv/bin/python smoke/stock/python/smoke.py "$2" "$3" ;;
    go) target/stock-bin/go-smoke "$2" "$3" ;;
    typescript) node target/stock-ts/smoke/stock/typescript/smoke.js "$2" "$3" ;;
    rust) target/rust-smoke/debug/stock-smoke "$2" "$3" ;;
    kotlin) java -cp "target/stock-kotlin/classes:$(cat target/stock-kotlin/classpath.txt)" io.passport.stock.smoke.StockSmokeKt "$2" "$3" ;;
    java) java -cp "target/stock-java-smoke:$out/java/target/classes:$(cat target/stock-java.classpath)" StockSmoke "$2" "$3" ;;
  esac
}

export root out
export -f build_python build_go build_typescript build_rust build_kotlin build_java smoke

for language in $languages; do
  echo "== $language: stock generation and build"
  case $language in
    python) generate python python passport_customers_stock ;;
    go) generate go go passportcustomers ;;
    typescript) generate typescript typescript-fetch passport_customers ;;
    rust) generate rust rust passport-customers ;;
    kotlin) generate kotlin kotlin io.passport.stock ;;
    # The java generator has no package-name option (its packages are org.openapitools.client.*): the
    # library is the one setting, the `native` one the issue names.
    java) generate java java io.passport.stock --library native ;;
  esac
  step "$language" build "build_$language"
done

# shellcheck source=scripts/sandbox.sh
. scripts/sandbox.sh
start_sandbox --customers 250
variant_log=$(mktemp)
python3 scripts/variant-server.py > "$variant_log" 2>&1 &
variant_pid=$!
trap 'stop_sandbox; kill "$variant_pid" 2>/dev/null || true; rm -f "$variant_log"' EXIT
for _ in $(seq 1 100); do grep -q '^http://' "$variant_log" && break; sleep 0.1; done
variant_url=$(grep -m1 '^http://' "$variant_log") || { cat "$variant_log" >&2; echo "the variant server printed no URL" >&2; exit 1; }

for language in $languages; do
  echo "== $language: smoke against the sandbox and the variant server"
  step "$language" sandbox smoke "$language" "$SANDBOX_URL" sandbox
  tail -1 "$logs/$language-sandbox.log"
  step "$language" variant smoke "$language" "$variant_url" variant
  tail -1 "$logs/$language-variant.log"
done

echo "== stock clients (OpenAPI Generator $version, package name only): what ran, and how long each step took"
printf '%-11s %-12s %-12s %-16s %-16s\n' language generated built "smoke: sandbox" "smoke: variant"
for language in $languages; do
  printf '%-11s %-12s %-12s %-16s %-16s\n' "$language" "${cell[$language,generate]}" "${cell[$language,build]}" \
    "${cell[$language,sandbox]}" "${cell[$language,variant]}"
done
