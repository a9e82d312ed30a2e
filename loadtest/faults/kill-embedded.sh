#!/usr/bin/env bash
# Fault (c): the embedded default. One Kefu with its embedded Redis (AOF everysec) under load; kill -9 of the
# Kefu JVM, KILLS times (default 3), each time restarted on the same data directory. The redis-server child
# survives the JVM; the next Kefu stops it through its pid file (a clean SHUTDOWN, so the AOF is complete)
# before starting its own. Checks: nothing acknowledged lost, exactly one redis-server on the data directory.
#   loadtest/faults/kill-embedded.sh [KILLS]
source "$(dirname "$0")/lib.sh"
KILLS=${1:-3}
RATE=${RATE:-10}
INTERVAL=${INTERVAL:-10}
DIR="$WORK/embedded"
FAULTS_NO_BUILD= build
rm -rf "$DIR" "$WORK/embedded.log"; mkdir -p "$DIR"
MARKS="$WORK/kill-embedded.marks"; : >"$MARKS"
STOP="$WORK/kill-embedded.stop"; rm -f "$STOP"

start_kefu() {
  (cd "$ROOT" && exec env OPT_OUT_TRACKING=true KEFU_HTTP__HOST=127.0.0.1 KEFU_HTTP__PORT="$SOLO_PORT" \
    KEFU_HTTP__INSTANCES=1 KEFU_NLP__ENABLED=false KEFU_REDIS__EMBEDDED__PORT="$EMBEDDED_REDIS_PORT" \
    KEFU_WECHAT__API_BASE="http://127.0.0.1:$API_PORT" KEFU_AGENTS__BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" \
    KEFU_DATA_DIR="$DIR/data" java $KEFU_JVM -DOPT_OUT_TRACKING=true -cp "$CP" io.kefu.app.Main run) \
    >>"$WORK/embedded.log" 2>&1 &
  echo $! >"$DIR/kefu.pid"
  disown $!
}
redis_servers() { pgrep -fc "redis-server[^ ]* 127.0.0.1:$EMBEDDED_REDIS_PORT" || true; }
cleanup() {
  kill "$(cat "$DIR/kefu.pid")" 2>/dev/null || true
  sleep 3
  p=$(cat "$DIR/data/redis/redis.pid" 2>/dev/null || true); [ -n "$p" ] && kill "$p" 2>/dev/null || true
}
trap cleanup EXIT

start_kefu
log "Kefu with embedded Redis ready after $(wait_ready "$SOLO_PORT" 120) ms; redis-server processes: $(redis_servers)"
(cd "$ROOT" && kefu_java fault-drive --url "http://127.0.0.1:$SOLO_PORT" --redis "redis://127.0.0.1:$EMBEDDED_REDIS_PORT" \
  --api-port "$API_PORT" --admin-password "$ADMIN_PASSWORD" --users 200 --messages $(( (KILLS * 90 + 60) * RATE )) \
  --rate "$RATE" --escalate 0.05 --retries 60 --retry-pause 1s --marks "$MARKS" --stop-file "$STOP") \
  >"$WORK/kill-embedded.drive.log" 2>&1 &
driver=$!
orphans=()
for k in $(seq 1 "$KILLS"); do
  sleep "$INTERVAL"
  redis_pid=$(cat "$DIR/data/redis/redis.pid")
  kill -9 "$(cat "$DIR/kefu.pid")"
  echo "$(now_ms) kefu killed (kill $k)" >>"$MARKS"
  sleep 1
  alive=$(kill -0 "$redis_pid" 2>/dev/null && echo yes || echo no)
  start_kefu
  ms=$(wait_ready "$SOLO_PORT" 180)
  echo "$(now_ms) kefu ready again (kill $k)" >>"$MARKS"
  orphan_gone=$(kill -0 "$redis_pid" 2>/dev/null && echo "NO, still running" || echo yes)
  orphans+=("$(redis_servers)")
  log "kill $k: Kefu killed -9 (its redis-server pid $redis_pid survived the JVM: $alive); ready again after $ms ms;" \
      "orphan stopped: $orphan_gone; redis-server processes now: $(redis_servers)"
done
sleep 10
touch "$STOP"
status=0
wait "$driver" || status=$?
cat "$WORK/kill-embedded.drive.log"
log "redis-server processes after each restart: ${orphans[*]} (must all be 1)"
for c in "${orphans[@]}"; do [ "$c" = 1 ] || status=1; done
blocked_report "$WORK/embedded.log"
exit "$status"
