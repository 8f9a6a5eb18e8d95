#!/usr/bin/env bash
# Generates a Java client from the live OpenAPI document of a running replica (openapi-generator from
# Maven Central), builds it, and runs ClientCheck.java with it against that replica.
#   clients/run.sh <base url> <bearer token>
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1
token=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
generator=org.openapitools:openapi-generator-cli:7.25.0
./mvnw -B -ntp -q dependency:get -Dartifact=$generator -Dtransitive=false
jar=$HOME/.m2/repository/org/openapitools/openapi-generator-cli/7.25.0/openapi-generator-cli-7.25.0.jar
curl -sf "$base/q/openapi?format=json" -o "$work/openapi.json"
java -jar "$jar" validate -i "$work/openapi.json"
java -jar "$jar" generate -i "$work/openapi.json" -g java --library native -o "$work/client" \
  --api-package io.ingestops.client.api --model-package io.ingestops.client.model \
  --invoker-package io.ingestops.client --group-id io.ingestops --artifact-id ingest-client \
  --additional-properties=useJakartaEe=true,openApiNullable=false,hideGenerationTimestamp=true \
  --openapi-normalizer SIMPLIFY_ONEOF_ANYOF=true > "$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
./mvnw -B -ntp -q -f "$work/client/pom.xml" package -DskipTests -Dmaven.javadoc.skip=true
./mvnw -B -ntp -q -f "$work/client/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt"
java -cp "$work/client/target/ingest-client-1.jar:$(cat "$work/classpath.txt")" clients/ClientCheck.java "$base" "$token"
