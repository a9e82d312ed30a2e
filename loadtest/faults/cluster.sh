#!/usr/bin/env bash
# N Kefu nodes behind nginx sharing one Redis, all on 127.0.0.1:
#   loadtest/faults/cluster.sh up N     # Redis :18479 (AOF everysec), nodes :18481.. (keyword bot), nginx :18480
#   loadtest/faults/cluster.sh status   # /ready of every node, through nginx too
#   loadtest/faults/cluster.sh down     # stops nginx, the nodes and Redis (data stays in target/faults/)
# The nodes call the WeChat API at :18490, where `kefu fault-drive` serves its fake (start it for async answers).
source "$(dirname "$0")/lib.sh"

nodes_running() { ls "$WORK"/node*.pid 2>/dev/null | sed 's/.*node\([0-9]*\)\.pid/\1/' | sort -n; }

case "${1:-}" in
  up)
    n=${2:-2}
    build
    redis_up
    if [ "${FRESH:-1}" = 1 ]; then
      # nodes left running would keep state (the bootstrap admin) from before the flush
      for i in $(nodes_running); do node_stop "$i"; done
      redis-cli -p "$REDIS_PORT" flushall >/dev/null
      [ "$(redis-cli -p "$REDIS_PORT" dbsize)" = 0 ] || { echo "FLUSHALL failed" >&2; exit 1; }
      rm -f "$WORK"/node*.log
    fi
    for i in $(seq 1 "$n"); do
      [ -n "$(node_pid "$i")" ] && kill -0 "$(node_pid "$i")" 2>/dev/null && continue
      node_up "$i"
    done
    for i in $(seq 1 "$n"); do
      ms=$(wait_ready "$(node_port "$i")")
      log "node $i ready on :$(node_port "$i") after $ms ms (pid $(node_pid "$i"))"
    done
    nginx_up "$n"
    log "nginx on :$NGINX_PORT -> $n node(s); Redis on :$REDIS_PORT"
    ;;
  status)
    for i in $(nodes_running); do
      echo "node $i :$(node_port "$i") pid $(node_pid "$i") /ready $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(node_port "$i")/ready")"
    done
    echo "nginx :$NGINX_PORT /ready $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/ready")"
    echo "redis :$REDIS_PORT $(redis-cli -p "$REDIS_PORT" ping 2>&1)"
    ;;
  down)
    nginx_down
    for i in $(nodes_running); do node_stop "$i"; done
    redis_down
    log "cluster stopped"
    ;;
  *)
    echo "usage: $0 up N | status | down" >&2; exit 2 ;;
esac
