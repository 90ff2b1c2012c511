#!/usr/bin/env bash
# The Java client as another team makes it, in another repository: the generator's command-line jar from
# Maven Central, run with generated-config/java.yaml alone exactly as the README shows, must give the very
# sources this build compiles and tests (src/client/target/generated-sources/openapi), with no Gson, Jackson
# or Oltu in them, and they must compile with javac against Retrofit, Moshi, OkHttp (and okio, kotlin-stdlib,
# jakarta.annotation-api, which those and the generated annotations need) and nothing else.
# Needs: ./mvnw generate-sources (or package) first, for the build's own generated sources.
set -euo pipefail
cd "$(dirname "$0")/.."

built=src/client/target/generated-sources/openapi/src/main/java
[ -d "$built" ] || { echo "missing $built: run ./mvnw -DskipTests package first" >&2; exit 2; }
version=$(sed -n 's:.*<openapi-generator.version>\(.*\)</openapi-generator.version>.*:\1:p' pom.xml)
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml; }
tools=target/tools
out=target/java-standalone
libs=target/java-standalone-libs
rm -rf "$out" "$libs"
mkdir -p "$tools" "$libs"

jar=$tools/openapi-generator-cli-$version.jar
[ -f "$jar" ] || ./mvnw -q -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.openapitools:openapi-generator-cli:$version" -DoutputDirectory="$tools"

echo "== the README's command: java -jar openapi-generator-cli-$version.jar generate -c generated-config/java.yaml"
java -jar "$jar" generate -i openapi/customers.yaml -c generated-config/java.yaml -o "$out" > target/java-standalone.log 2>&1 \
  || { cat target/java-standalone.log >&2; exit 1; }
diff -r "$out/src/main/java" "$built" \
  || { echo "generated-config/java.yaml alone gives other sources than the build compiles" >&2; exit 1; }
if grep -rlE 'com\.google\.gson|com\.fasterxml\.jackson|org\.apache\.oltu' "$out" ; then
  echo "the standalone Java client refers to Gson, Jackson or Oltu (files above)" >&2; exit 1
fi

echo "== javac of the generated sources against Retrofit, Moshi and OkHttp only"
# One small Maven project whose only dependencies are those, each without its own transitive ones.
deps=""
for artifact in "com.squareup.retrofit2 retrofit $(prop retrofit.version)" \
    "com.squareup.retrofit2 converter-moshi $(prop retrofit.version)" \
    "com.squareup.moshi moshi $(prop moshi.version)" \
    "com.squareup.okhttp3 okhttp-jvm $(prop okhttp.version)" \
    "com.squareup.okio okio-jvm $(prop okio.version)" \
    "org.jetbrains.kotlin kotlin-stdlib $(prop kotlin.version)" \
    "jakarta.annotation jakarta.annotation-api $(prop jakarta-annotation.version)"; do
  read -r g a v <<< "$artifact"
  deps+="<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>"
  deps+="<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>"
done
cat > "$libs/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>java-standalone-libs</artifactId><version>1</version><packaging>pom</packaging>
<dependencies>$deps</dependencies></project>
POM
./mvnw -q -B -ntp -f "$libs/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$PWD/$libs"
mkdir -p "$out/classes"
javac --release 17 -Xlint:all,-processing -Werror -d "$out/classes" -cp "$(ls -d "$libs"/*.jar | paste -sd:)" \
  $(find "$out/src/main/java" -name '*.java')
echo "java (standalone): $(find "$out/src/main/java" -name '*.java' | wc -l) files, the same as the build's, compiled with $(ls "$libs" | paste -sd' ')"
