#!/usr/bin/env bash
# Fault (a): kill -9 of a Kefu node under load, KILLS times (default 10), restarting it each time.
# 3 nodes behind nginx on one external Redis; `kefu fault-drive` sends messages through nginx meanwhile, then
# checks every acknowledged message, duplicate replies, and that the queued chats kept their deadlines and are
# assigned once an agent comes online after the last restart.
#   loadtest/faults/kill-node.sh [KILLS] [NODES]
source "$(dirname "$0")/lib.sh"
KILLS=${1:-10}
NODES=${2:-3}
INTERVAL=${INTERVAL:-8}        # seconds between kills
RATE=${RATE:-10}

"$(dirname "$0")/cluster.sh" up "$NODES"
trap '"$(dirname "$0")/cluster.sh" down >/dev/null' EXIT
FAULTS_NO_BUILD=1 build
MARKS="$WORK/kill-node.marks"; : >"$MARKS"
MESSAGES=$(( (KILLS * (INTERVAL + 60) + 30) * RATE ))   # a cap; the driver stops at $STOP
STOP="$WORK/kill-node.stop"; rm -f "$STOP"

drive --users 300 --messages "$MESSAGES" --rate "$RATE" --escalate 0.05 --retries 3 --marks "$MARKS" --stop-file "$STOP" \
  >"$WORK/kill-node.drive.log" 2>&1 &
driver=$!
sleep 5
restart_ms=()
for k in $(seq 1 "$KILLS"); do
  i=$(( (k - 1) % NODES + 1 ))
  sleep "$INTERVAL"
  node_kill9 "$i"
  echo "$(now_ms) node $i killed (kill $k)" >>"$MARKS"
  node_up "$i"
  ms=$(wait_ready "$(node_port "$i")" 120)
  echo "$(now_ms) node $i ready again (kill $k)" >>"$MARKS"
  restart_ms+=("$ms")
  log "kill $k: node $i killed with -9 and ready again after $ms ms"
done
sleep 10
touch "$STOP"
log "all kills done; waiting for the driver"
status=0
wait "$driver" || status=$?
cat "$WORK/kill-node.drive.log"
log "restart to /ready (ms): ${restart_ms[*]}"
blocked_report "$WORK"/node*.log
mkdir -p "$WORK/kill-node-logs" && cp "$WORK"/node*.log "$WORK/kill-node-logs/"
log "redis-server processes on the data port: $(pgrep -fc "redis-server[^ ]* 127.0.0.1:$REDIS_PORT" || true)"
exit "$status"
