#!/usr/bin/env bash
# `npm run zeebe:start [-- --port P] [-- --fresh]`: a real Camunda Zeebe broker (embedded gateway, broker
# only, no secondary storage, no authentication, small memory) on 127.0.0.1, detached, for the
# conformance specs and the side-by-side benchmark. Downloaded from Maven Central with mvn and cached
# outside the repository (ZEEBE_CACHE, default ~/.cache/cpr-zeebe; the tarball also stays in ~/.m2).
#
# Version: the issue asks for the latest 8.8 patch, but this machine's Maven Central mirror serves
# io.camunda:camunda-zeebe only as 8.5.8 and 8.6.0 (8.8.0-8.8.50, 8.7.x and 8.9.x all refused), so the
# default is 8.6.0; ZEEBE_VERSION chooses another.
set -euo pipefail
PORT=26500
FRESH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    *) echo "usage: zeebe-start.sh [--port P] [--fresh]" >&2; exit 2 ;;
  esac
done
VERSION=${ZEEBE_VERSION:-8.6.0}
CACHE=${ZEEBE_CACHE:-$HOME/.cache/cpr-zeebe}
HOME_DIR=$CACHE/camunda-zeebe-$VERSION
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

mkdir -p "$CACHE" "$RUN"
PIDFILE=$RUN/broker.pid
LOG=$RUN/broker.log
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "Zeebe already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"; exit 0
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT is already in use" >&2; exit 1; fi

if [ ! -d "$HOME_DIR/lib" ]; then
  TGZ=$HOME/.m2/repository/io/camunda/camunda-zeebe/$VERSION/camunda-zeebe-$VERSION.tar.gz
  if [ ! -f "$TGZ" ]; then
    echo "downloading io.camunda:camunda-zeebe:$VERSION (about 300 MB) with mvn"
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
      -Dartifact="io.camunda:camunda-zeebe:$VERSION:tar.gz" -Dtransitive=false
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

started=$(date +%s%N)
cd "$RUN"
setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" \
  "$JAVA" "${FLAGS[@]}" -cp "$RUN:$HOME_DIR/config:$HOME_DIR/lib/*" io.camunda.application.StandaloneBroker \
  >>"$LOG" 2>&1 </dev/null &
for _ in $(seq 50); do [ -s "$PIDFILE" ] && break; sleep 0.1; done

until curl -fsS -o /dev/null "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness" 2>/dev/null; do
  if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then echo "Zeebe exited during start-up; see $LOG" >&2; exit 1; fi
  if [ $(( ($(date +%s%N) - started) / 1000000000 )) -ge 180 ]; then echo "Zeebe not ready after 180 s; see $LOG" >&2; exit 1; fi
  sleep 0.25
done
echo "Zeebe $VERSION ready on 127.0.0.1:$PORT in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $(cat "$PIDFILE"), log $LOG)"
