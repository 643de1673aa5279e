#!/usr/bin/env bash
# `npm run zeebe:start [-- --runtime process-test|broker] [--port P] [--fresh]`: a real Zeebe on
# 127.0.0.1:P (default 26500), detached, for the conformance specs and the side-by-side benchmark.
# Everything comes from Maven Central through mvn and is cached outside the repository (ZEEBE_CACHE,
# default ~/.cache/cpr-zeebe, plus ~/.m2). Two runtimes, because this machine's mirror does not serve the
# Zeebe 8.8 distribution (io.camunda:camunda-zeebe exists there only as 8.5.8 and 8.6.0; 8.7.x, 8.8.x and
# 8.9.x answer 404, and zeebe-broker 8.8.9's dependency zeebe-atomix-cluster 8.8.9 is missing):
#   process-test (default)  Zeebe 8.8's engine: io.camunda:zeebe-process-test-engine (ZEEBE_VERSION,
#                           default 8.8.21, the newest 8.8 patch served) runs zeebe-workflow-engine, the
#                           module a broker runs, in memory behind zeebe-process-test's own gRPC gateway.
#                           That gateway does not long-poll, push jobs to streams, validate variables or
#                           time out requests, and it listens on all interfaces (its factory hard-codes it).
#   broker                  the full broker distribution (ZEEBE_BROKER_VERSION, default 8.6.0, the newest
#                           served): embedded gateway, broker only, no secondary storage, no
#                           authentication, small memory. The reference for gateway behaviour.
set -euo pipefail
RUNTIME=process-test
PORT=26500
FRESH=0
usage="usage: zeebe:start [--runtime process-test|broker] [--port P] [--fresh]"
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) RUNTIME=${2:-}; shift 2 ;;
    --port) PORT=${2:-}; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
case "$RUNTIME" in
  process-test) VERSION=${ZEEBE_VERSION:-8.8.21} ;;
  broker) VERSION=${ZEEBE_BROKER_VERSION:-8.6.0} ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
CACHE=${ZEEBE_CACHE:-$HOME/.cache/cpr-zeebe}
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$CACHE/run-$PORT
OFFSET=$((PORT - 26500))
MGMT_PORT=$((9600 + OFFSET))
REST_PORT=$((8080 + OFFSET))

# a JDK >= 21: JAVA_HOME, then every JDK installed beside the default one
JAVA=""
for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
  [ -x "$candidate" ] || continue
  major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major:-0}" -ge 21 ] 2>/dev/null; then JAVA=$candidate; JAVA_MAJOR=$major; break; fi
done
[ -n "$JAVA" ] || { echo "zeebe:start needs a JDK >= 21 (Zeebe 8.4+ does not run on older Java); none was found" >&2; exit 1; }
command -v mvn >/dev/null || { echo "zeebe:start needs Maven (mvn) to download Zeebe from Maven Central; mvn was not found" >&2; exit 1; }
# the process-test runtime is launched as a Java source file, which needs the compiler of a full JDK
if [ "$RUNTIME" = process-test ] && [ ! -x "$(dirname "$JAVA")/javac" ]; then
  echo "zeebe:start needs a full JDK >= 21 (with javac) for the process-test runtime; $JAVA has no javac beside it" >&2; exit 1
fi
if [ "$RUNTIME" = broker ] && ! command -v curl >/dev/null; then
  echo "zeebe:start needs curl to see when the broker is ready (apt-get install curl)" >&2; exit 1
fi

mkdir -p "$CACHE" "$RUN"
PIDFILE=$RUN/zeebe.pid
LOG=$RUN/zeebe.log
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  running=$(cat "$RUN/runtime" 2>/dev/null || echo unknown)
  if [ "$running" = "$RUNTIME" ]; then echo "Zeebe ($RUNTIME) already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; exit 0; fi
  echo "Zeebe ($running) is already running on port $PORT; stop it first: npm run zeebe:stop -- --port $PORT" >&2; exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT is already in use" >&2; exit 1; fi

# Each launcher prepares its runtime, then starts it detached with `launch`; `ready` says when it answers.
launch() {
  : > "$LOG"
  echo "$RUNTIME" > "$RUN/runtime"
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" "$@" >>"$LOG" 2>&1 </dev/null &
  for _ in $(seq 50); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
}

start_process_test() {
  local dir=$CACHE/process-test-$VERSION
  # the classpath names jars in mvn's local repository; resolve again if any of them has gone
  if [ -s "$dir/classpath.txt" ] && ! tr ':' '\n' < "$dir/classpath.txt" | while read -r jar; do [ -f "$jar" ] || exit 1; done; then
    rm "$dir/classpath.txt"
  fi
  if [ ! -s "$dir/classpath.txt" ]; then
    mkdir -p "$dir"
    # a throwaway pom, so mvn resolves the engine with all its dependencies (and a logger for its output)
    cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cpr</groupId><artifactId>zeebe-process-test-runner</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.camunda</groupId><artifactId>zeebe-process-test-engine</artifactId><version>$VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
POM
    echo "resolving io.camunda:zeebe-process-test-engine:$VERSION and its dependencies (about 150 MB) with mvn"
    (cd "$dir" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.outputFile=classpath.txt.part) || { echo "mvn could not resolve zeebe-process-test-engine:$VERSION" >&2; exit 1; }
    mv "$dir/classpath.txt.part" "$dir/classpath.txt"
  fi
  # our thread-safe in-memory log (see the file) goes ahead of the engine's jar; compiled again when it changes
  local patch_src=$HERE/patch/io/camunda/zeebe/process/test/engine/InMemoryLogStorage.java
  PATCH_DIR=$dir/patch-$(sha256sum "$patch_src" | cut -c1-12)
  if [ ! -d "$PATCH_DIR" ]; then
    "$(dirname "$JAVA")/javac" -nowarn -d "$PATCH_DIR.part" -cp "$(cat "$dir/classpath.txt")" "$patch_src" \
      || { echo "could not compile $patch_src against zeebe-process-test-engine:$VERSION" >&2; exit 1; }
    mv "$PATCH_DIR.part" "$PATCH_DIR"
  fi
  local flags=(-Xms256m -Xmx1g -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8)
  [ "$JAVA_MAJOR" -ge 23 ] && flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  cd "$RUN"
  launch "$JAVA" "${flags[@]}" -cp "$PATCH_DIR:$(cat "$dir/classpath.txt")" "$HERE/ProcessTestEngine.java" "$PORT"
}
process_test_ready() { grep -q '^READY' "$LOG"; }

start_broker() {
  HOME_DIR=$CACHE/camunda-zeebe-$VERSION
  if [ ! -d "$HOME_DIR/lib" ]; then
    TGZ=$CACHE/downloads/camunda-zeebe-$VERSION.tar.gz
    if [ ! -f "$TGZ" ]; then
      echo "downloading io.camunda:camunda-zeebe:$VERSION (about 300 MB) with mvn"
      # copy (not get) puts the file where we ask, whichever local repository mvn is configured with
      mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="io.camunda:camunda-zeebe:$VERSION:tar.gz" -DoutputDirectory="$CACHE/downloads"
    fi
    tar -xzf "$TGZ" -C "$CACHE"
  fi

  [ "$FRESH" = 1 ] && rm -rf "$RUN/data"
  # our settings replace the shipped application.yaml, which assumes Elasticsearch and authentication
  cat > "$RUN/application.yaml" <<YAML
zeebe:
  broker:
    gateway:
      enable: true
      network: { host: 127.0.0.1, port: $PORT }
      security: { enabled: false, authentication: { mode: none } }
    network: { host: 127.0.0.1, commandApi: { port: $((PORT + 1)) }, internalApi: { port: $((PORT + 2)) } }
    cluster: { clusterSize: 1, partitionsCount: 1, replicationFactor: 1 }
    data:
      directory: $RUN/data
      logSegmentSize: 32MB
      disk: { freeSpace: { processing: 256MB, replication: 128MB } }
    threads: { cpuThreadCount: 1, ioThreadCount: 1 }
    experimental: { rocksdb: { memoryLimit: 64MB } }
server: { address: 127.0.0.1, port: $REST_PORT }
management: { server: { address: 127.0.0.1, port: $MGMT_PORT } }
YAML

  FLAGS=(-Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Xshare:auto)
  # these two only exist from JDK 23 on (and fail hard before); they silence JDK 25's Unsafe warnings
  [ "$JAVA_MAJOR" -ge 23 ] && FLAGS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  # a file: location outranks the jar's application.properties, which binds REST and management to 0.0.0.0
  FLAGS+=(-Dspring.config.additional-location="optional:file:$RUN/" -Dapp.name=broker -Dapp.home="$HOME_DIR" -Dbasedir="$HOME_DIR")
  cd "$RUN"
  launch "$JAVA" "${FLAGS[@]}" -cp "$RUN:$HOME_DIR/config:$HOME_DIR/lib/*" io.camunda.application.StandaloneBroker
}
broker_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness" 2>/dev/null; }

started=$(date +%s%N)
"start_${RUNTIME//-/_}"
until "${RUNTIME//-/_}_ready"; do
  if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "Zeebe ($RUNTIME) exited during start-up; see $LOG" >&2; tail -5 "$LOG" >&2; exit 1; fi
  if [ $(( ($(date +%s%N) - started) / 1000000000 )) -ge 180 ]; then echo "Zeebe ($RUNTIME) not ready after 180 s; see $LOG" >&2; exit 1; fi
  sleep 0.25
done
if [ "$RUNTIME" = process-test ] && ! grep -q "^log storage: file:$PATCH_DIR/" "$LOG"; then
  echo "Zeebe ($RUNTIME) did not load the thread-safe log storage from $PATCH_DIR; see $LOG" >&2
  kill "$(cat "$PIDFILE")"; exit 1
fi
echo "Zeebe $VERSION ($RUNTIME) ready on 127.0.0.1:$PORT in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $(cat "$PIDFILE"), log $LOG)"
hint="ZEEBE_GRPC_ADDRESS=grpc://127.0.0.1:$PORT"
[ "$RUNTIME" = process-test ] && hint="$hint ZEEBE_RUNTIME=process-test"
echo "specs against it: $hint npm test"
