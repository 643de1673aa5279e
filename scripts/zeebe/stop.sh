#!/usr/bin/env bash
# `npm run zeebe:stop [-- --port P]`: stops the Zeebe that zeebe:start started on port P (default 26500):
# SIGTERM, then SIGKILL after 45 s.
set -u
PORT=26500
[ "${1:-}" = "--port" ] && PORT=$2
RUN=${ZEEBE_CACHE:-$HOME/.cache/cpr-zeebe}/run-$PORT
PIDFILE=$RUN/zeebe.pid
[ -f "$PIDFILE" ] || { echo "no Zeebe started by zeebe:start on port $PORT"; exit 0; }
PID=$(cat "$PIDFILE")
if ! kill -0 "$PID" 2>/dev/null; then rm -f "$PIDFILE"; echo "Zeebe (pid $PID) was not running"; exit 0; fi
# the pid file may be stale and the pid reused: stop only a process that is one of ours
if ! tr '\0' ' ' < "/proc/$PID/cmdline" | grep -q -E 'io\.camunda\.application\.StandaloneBroker|ProcessTestEngine\.java'; then
  echo "pid $PID is not a Zeebe started by zeebe:start; not stopping it" >&2; exit 1
fi
kill -TERM "$PID"
for _ in $(seq 180); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$PID" 2>/dev/null; then echo "Zeebe still running after 45 s; SIGKILL"; kill -KILL "$PID"; fi
rm -f "$PIDFILE"
echo "Zeebe ($(cat "$RUN/runtime" 2>/dev/null || echo unknown), pid $PID) stopped"
