#!/usr/bin/env bash
# Fault (a): kill -9 of a Kefu node under load, KILLS times (default 10), restarting it each time.
# 3 nodes behind nginx on one external Redis; `kefu fault-drive` sends messages through nginx meanwhile, then
# checks every acknowledged message, duplicate replies, and that the queued chats kept their deadlines and are
# assigned once an agent comes online after the last restart.
# Also a ghost: an agent whose console sits on node 1 (killed first) and is never closed cleanly. A live node must
# release them when node 1's socket lease runs out (presence offline), re-queue their chats with the original
# deadlines, and the chats must be assigned to the driver's agents at the end.
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

GHOST="ghost$(date +%s)"
admin_token=$(api_login "$(node_port 1)" admin "$ADMIN_PASSWORD")
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $admin_token" \
  "http://127.0.0.1:$(node_port 1)/api/agents" -d "{\"id\":\"$GHOST\",\"name\":\"幽灵客服\",\"password\":\"ghost-pw-123\",\"roles\":[\"agent\"],\"groups\":[\"general\"],\"maxChats\":3}"
ghost_token=$(api_login "$(node_port 1)" "$GHOST" ghost-pw-123)
ghost_ws=$(ws_hold "$(node_port 1)" "$ghost_token")
sleep 1
curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' -H "Authorization: Bearer $ghost_token" \
  "http://127.0.0.1:$(node_port 1)/api/me/presence" -d '{"presence":"online"}'
log "ghost agent $GHOST online with a console on node 1: presence $(redis-cli -p "$REDIS_PORT" hget "kefu:agent:$GHOST" presence)"
ghost_chats=""; ghost_kill_ms=0; ghost_offline_ms=-1
sleep 5
restart_ms=()
for k in $(seq 1 "$KILLS"); do
  i=$(( (k - 1) % NODES + 1 ))
  sleep "$INTERVAL"
  if [ "$k" = 1 ]; then
    ghost_chats=$(redis-cli -p "$REDIS_PORT" smembers "kefu:agent:$GHOST:chats" | tr '\n' ' ')
    declare -A ghost_deadline=()
    for c in $ghost_chats; do ghost_deadline[$c]=$(redis-cli -p "$REDIS_PORT" hget "kefu:conv:$c" deadline); done
    ghost_kill_ms=$(now_ms)
  fi
  node_kill9 "$i"
  echo "$(now_ms) node $i killed (kill $k)" >>"$MARKS"
  node_up "$i"
  ms=$(wait_ready "$(node_port "$i")" 120)
  echo "$(now_ms) node $i ready again (kill $k)" >>"$MARKS"
  restart_ms+=("$ms")
  log "kill $k: node $i killed with -9 and ready again after $ms ms"
  if [ "$ghost_offline_ms" -lt 0 ] && [ "$(redis-cli -p "$REDIS_PORT" hget "kefu:agent:$GHOST" presence)" = offline ]; then
    ghost_offline_ms=$(( $(now_ms) - ghost_kill_ms ))   # an upper bound: looked at once per kill
  fi
done
sleep 10
touch "$STOP"
log "all kills done; waiting for the driver"
status=0
wait "$driver" || status=$?
cat "$WORK/kill-node.drive.log"
kill "$ghost_ws" 2>/dev/null || true
n_ghost=0; requeued_kept=0; reassigned=0; still_ghost=0
for c in $ghost_chats; do
  n_ghost=$((n_ghost + 1))
  agent=$(redis-cli -p "$REDIS_PORT" hget "kefu:conv:$c" agent)
  state=$(redis-cli -p "$REDIS_PORT" hget "kefu:conv:$c" state)
  [ "$(redis-cli -p "$REDIS_PORT" hget "kefu:conv:$c" deadline)" = "${ghost_deadline[$c]}" ] && requeued_kept=$((requeued_kept + 1))
  [ "$agent" = "$GHOST" ] && still_ghost=$((still_ghost + 1))
  [ "$state" = ASSIGNED ] && [ "$agent" != "$GHOST" ] && reassigned=$((reassigned + 1))
done
ghost_presence=$(redis-cli -p "$REDIS_PORT" hget "kefu:agent:$GHOST" presence)
log "ghost agent (console on node 1 when it was killed): $n_ghost chat(s) at the kill; presence now $ghost_presence" \
  "(offline seen $( [ "$ghost_offline_ms" -ge 0 ] && echo "<= $ghost_offline_ms ms" || echo "only after the kills") after the kill);" \
  "deadline kept $requeued_kept/$n_ghost; assigned to a live agent $reassigned/$n_ghost; still held by the ghost $still_ghost"
log "socket leases at the end: $(redis-cli -p "$REDIS_PORT" zcard kefu:sockets:nodes) node(s) listed, $NODES running"
if [ "$ghost_presence" != offline ] || [ "$still_ghost" != 0 ] || [ "$requeued_kept" != "$n_ghost" ] || [ "$reassigned" != "$n_ghost" ]; then
  log "GHOST AGENT NOT RELEASED CORRECTLY"
  status=1
fi
log "restart to /ready (ms): ${restart_ms[*]}"
blocked_report "$WORK"/node*.log
mkdir -p "$WORK/kill-node-logs" && cp "$WORK"/node*.log "$WORK/kill-node-logs/"
log "redis-server processes on the data port: $(pgrep -fc "redis-server[^ ]* 127.0.0.1:$REDIS_PORT" || true)"
exit "$status"
