#!/usr/bin/env bash
# Fault (d): the WeChat API slow (2-10 s) or failing (HTTP 5xx, 45015 window closed, 45047 quota, 40001 token).
# 2 nodes behind nginx; every user asks for a human, 2 agents take the chats and write AGENT_REPLIES messages to
# each, all through custom/send to the driver's fake API, which delays and fails calls at random. Checks: every
# agent message is either delivered once and reported sent, or reported to the agent as failed (never silent,
# never delivered twice: a timeout or 5xx after the request left is not retried), nothing acknowledged lost,
# event loops never blocked, the nodes' resident memory stays bounded (sampled every 5 s).
#   loadtest/faults/slow-api.sh [slow|failing|both]
source "$(dirname "$0")/lib.sh"
KIND=${1:-both}
RATE=${RATE:-15}
SECONDS_LOAD=${SECONDS_LOAD:-30}
AGENT_REPLIES=${AGENT_REPLIES:-3}
case "$KIND" in
  slow) CHAOS=(--api-delay 2s-10s --api-delay-share 0.5) ;;
  failing) CHAOS=(--api-fail 500:0.1,502:0.05,45015:0.05,45047:0.05,40001:0.05,-1:0.05) ;;
  both) CHAOS=(--api-delay 2s-10s --api-delay-share 0.3 --api-fail 500:0.1,45015:0.05,45047:0.05,40001:0.05,-1:0.05) ;;
  *) echo "usage: $0 slow|failing|both" >&2; exit 2 ;;
esac
FAULTS_NO_BUILD= build
FAULTS_NO_BUILD=1 "$(dirname "$0")/cluster.sh" up 2
trap '"$(dirname "$0")/cluster.sh" down >/dev/null' EXIT
rss() { local t=0; for i in 1 2; do t=$((t + $(ps -o rss= -p "$(node_pid "$i")" 2>/dev/null || echo 0))); done; echo $((t / 1024)); }
: >"$WORK/slow-api.rss"
( while true; do echo "$(date +%s) $(rss)" >>"$WORK/slow-api.rss"; sleep 5; done ) &
sampler=$!
status=0
drive --users 40 --messages $((RATE * SECONDS_LOAD)) --rate "$RATE" --escalate 1 --retries 3 --settle 5s \
  --agent-replies "$AGENT_REPLIES" "${CHAOS[@]}" \
  >"$WORK/slow-api-$KIND.drive.log" 2>&1 || status=$?
kill "$sampler"
cat "$WORK/slow-api-$KIND.drive.log"
log "nodes' RSS (MB, both nodes) over time: $(awk '{print $2}' "$WORK/slow-api.rss" | tr '\n' ' ')"
for i in 1 2; do
  log "node $i agent messages: $(curl -s "http://127.0.0.1:$(node_port "$i")/metrics" | grep '^kefu_agent_messages_total' | tr '\n' ' ')"
done
blocked_report "$WORK"/node*.log
exit "$status"
