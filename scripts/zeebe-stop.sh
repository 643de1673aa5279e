#!/usr/bin/env bash
# `npm run zeebe:stop [-- --port P]`: stops the broker zeebe-start.sh started (SIGTERM, SIGKILL after 45 s).
set -u
PORT=26500
[ "${1:-}" = "--port" ] && PORT=$2
PIDFILE=${ZEEBE_CACHE:-$HOME/.cache/cpr-zeebe}/run-$PORT/broker.pid
[ -f "$PIDFILE" ] || { echo "no Zeebe started by zeebe:start on port $PORT"; exit 0; }
PID=$(cat "$PIDFILE")
if ! kill -0 "$PID" 2>/dev/null; then rm -f "$PIDFILE"; echo "Zeebe (pid $PID) was not running"; exit 0; fi
if ! tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q 'io.camunda.application.StandaloneBroker'; then
  echo "pid $PID is not a Zeebe broker; not stopping it" >&2; exit 1
fi
kill -TERM "$PID"
for _ in $(seq 180); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$PID" 2>/dev/null; then echo "Zeebe still running after 45 s; SIGKILL"; kill -KILL "$PID"; fi
rm -f "$PIDFILE"
echo "Zeebe (pid $PID) stopped"
