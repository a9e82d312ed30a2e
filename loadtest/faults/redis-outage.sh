#!/usr/bin/env bash
# Fault (b): Redis stopped for OUTAGE seconds (default 10) under load, then started again, ROUNDS times.
#   loadtest/faults/redis-outage.sh external   # 2 nodes behind nginx on the external redis-server :18479
#   loadtest/faults/redis-outage.sh embedded   # one node with its embedded Redis (default set-up); the embedded
#                                              # redis-server is stopped and restarted on its data directory
# While Redis is away Kefu must answer 503 (WeChat retries) and never 200 for a push it could not persist;
# afterwards it must recover by itself. The driver retries like a patient WeChat (RETRIES, default 15, 1 s apart)
# so that pushes refused during the outage get through after it, and prints the loss and the recovery times.
source "$(dirname "$0")/lib.sh"
MODE=${1:-external}
OUTAGE=${OUTAGE:-10}
ROUNDS=${ROUNDS:-2}
RATE=${RATE:-10}
RETRIES=${RETRIES:-15}
MARKS="$WORK/redis-outage-$MODE.marks"; : >"$MARKS"
STOP="$WORK/redis-outage-$MODE.stop"; rm -f "$STOP"
FAULTS_NO_BUILD= build

embedded_pid() { cat "$WORK/solo/data/redis/redis.pid" 2>/dev/null || true; }

if [ "$MODE" = external ]; then
  FAULTS_NO_BUILD=1 "$(dirname "$0")/cluster.sh" up 2
  trap 'kill $driver 2>/dev/null || true; "$(dirname "$0")/cluster.sh" down >/dev/null' EXIT
  URL="http://127.0.0.1:$NGINX_PORT"
  stop_redis() { redis_down; }
  start_redis() { redis_up; }
  REDIS_CHECK="redis://127.0.0.1:$REDIS_PORT"
else
  rm -rf "$WORK/solo" "$WORK/solo.log"; mkdir -p "$WORK/solo"
  (cd "$ROOT" && exec env OPT_OUT_TRACKING=true KEFU_HTTP__HOST=127.0.0.1 KEFU_HTTP__PORT="$SOLO_PORT" \
    KEFU_HTTP__INSTANCES=1 KEFU_NLP__ENABLED=false KEFU_REDIS__EMBEDDED__PORT="$EMBEDDED_REDIS_PORT" \
    KEFU_WECHAT__API_BASE="http://127.0.0.1:$API_PORT" KEFU_AGENTS__BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" \
    KEFU_DATA_DIR="$WORK/solo/data" java $KEFU_JVM -DOPT_OUT_TRACKING=true -cp "$CP" io.kefu.app.Main run) \
    >>"$WORK/solo.log" 2>&1 &
  solo=$!
  # the restarted server is no child of Kefu any more: stop it too
  trap 'kill $solo $driver 2>/dev/null || true; wait $solo 2>/dev/null || true; p=$(embedded_pid); [ -n "$p" ] && kill "$p" 2>/dev/null || true' EXIT
  log "embedded node ready after $(wait_ready "$SOLO_PORT" 120) ms"
  URL="http://127.0.0.1:$SOLO_PORT"
  # the embedded server is a child process of Kefu; stopping it (SIGTERM = a clean shutdown) and starting
  # the same binary on the same directory and port is what an operator or a crash-restart of Redis does
  info() { redis-cli -p "$EMBEDDED_REDIS_PORT" info server | tr -d '\r' | sed -n "s/^$1://p"; }
  cp "$(info executable)" "$WORK/solo/redis-server"; cp "$(info config_file)" "$WORK/solo/redis.conf"
  stop_redis() { local p; p=$(embedded_pid); kill "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; }
  start_redis() {
    # the same binary, configuration file and port (the port is a command-line argument of the embedded server)
    "$WORK/solo/redis-server" "$WORK/solo/redis.conf" --port "$EMBEDDED_REDIS_PORT" --daemonize yes >/dev/null
    for _ in $(seq 1 50); do redis-cli -p "$EMBEDDED_REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
    echo "embedded Redis did not come back" >&2; return 1
  }
  REDIS_CHECK="redis://127.0.0.1:$EMBEDDED_REDIS_PORT"
fi

driver=""
MESSAGES=$(( (ROUNDS * (OUTAGE + 30) + 60) * RATE ))
(cd "$ROOT" && kefu_java fault-drive --url "$URL" --redis "$REDIS_CHECK" --api-port "$API_PORT" \
  --admin-password "$ADMIN_PASSWORD" --users 200 --messages "$MESSAGES" --rate "$RATE" --escalate 0.05 \
  --retries "$RETRIES" --retry-pause 1s --marks "$MARKS" --stop-file "$STOP") >"$WORK/redis-outage-$MODE.drive.log" 2>&1 &
driver=$!
sleep 10
for r in $(seq 1 "$ROUNDS"); do
  stop_redis
  echo "$(now_ms) redis stopped (round $r)" >>"$MARKS"
  log "round $r: Redis stopped"
  sleep "$OUTAGE"
  start_redis
  echo "$(now_ms) redis started (round $r)" >>"$MARKS"
  log "round $r: Redis started again after ${OUTAGE}s"
  sleep 15
done
touch "$STOP"
status=0
wait "$driver" || status=$?
cat "$WORK/redis-outage-$MODE.drive.log"
if [ "$MODE" = external ]; then logs="$WORK/node1.log $WORK/node2.log"; else logs="$WORK/solo.log"; fi
# shellcheck disable=SC2086
log "store_unavailable refusals logged: $(cat $logs | grep -c 'store unavailable\|STORE_UNAVAILABLE\|Rejected POST' || true)"
# shellcheck disable=SC2086
blocked_report $logs
exit "$status"
