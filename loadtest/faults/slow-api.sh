#!/usr/bin/env bash
# Fault (d): the WeChat API slow (2-10 s) or failing (HTTP 5xx, 45015 window closed, 45047 quota, 40001 token).
# 2 nodes behind nginx with wechat.replyBudget=10ms, so every bot answer goes out through custom/send to the
# driver's fake API, which delays and fails calls at random. Checks: nothing acknowledged lost, no customer
# answered twice (a timeout or 5xx after the request left is never retried), event loops never blocked, the
# nodes' resident memory stays bounded (sampled every 5 s).
#   loadtest/faults/slow-api.sh [slow|failing|both]
source "$(dirname "$0")/lib.sh"
KIND=${1:-both}
RATE=${RATE:-15}
SECONDS_LOAD=${SECONDS_LOAD:-60}
case "$KIND" in
  slow) CHAOS=(--api-delay 2s-10s --api-delay-share 0.5) ;;
  failing) CHAOS=(--api-fail 500:0.1,502:0.05,45015:0.05,45047:0.05,40001:0.05,-1:0.05) ;;
  both) CHAOS=(--api-delay 2s-10s --api-delay-share 0.3 --api-fail 500:0.1,45015:0.05,45047:0.05,40001:0.05,-1:0.05) ;;
  *) echo "usage: $0 slow|failing|both" >&2; exit 2 ;;
esac
FAULTS_NO_BUILD= build
export KEFU_WECHAT__REPLY_BUDGET=10ms
FAULTS_NO_BUILD=1 "$(dirname "$0")/cluster.sh" up 2
trap '"$(dirname "$0")/cluster.sh" down >/dev/null' EXIT
rss() { local t=0; for i in 1 2; do t=$((t + $(ps -o rss= -p "$(node_pid "$i")" 2>/dev/null || echo 0))); done; echo $((t / 1024)); }
: >"$WORK/slow-api.rss"
( while true; do echo "$(date +%s) $(rss)" >>"$WORK/slow-api.rss"; sleep 5; done ) &
sampler=$!
status=0
drive --users 300 --messages $((RATE * SECONDS_LOAD)) --rate "$RATE" --escalate 0 --retries 3 --settle 25s "${CHAOS[@]}" \
  >"$WORK/slow-api-$KIND.drive.log" 2>&1 || status=$?
kill "$sampler"
cat "$WORK/slow-api-$KIND.drive.log"
log "nodes' RSS (MB, both nodes) over time: $(awk '{print $2}' "$WORK/slow-api.rss" | tr '\n' ' ')"
log "async answers not delivered (logged): $(cat "$WORK"/node*.log | grep -c 'Async answer to' || true)"
log "async answers by result: $(curl -s "http://127.0.0.1:$(node_port 1)/metrics" | grep '^kefu_async_replies_total' | sed 's/kefu_async_replies_total//' | tr '\n' ' ')"
blocked_report "$WORK"/node*.log
exit "$status"
