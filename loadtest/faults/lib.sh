# Shared by the fault scripts (sourced, not run). Everything binds to 127.0.0.1 and lives in the port range
# 18400-18499 (override with FAULTS_PORT_BASE, e.g. 18400 -> nginx 18480, nodes 18481.., Redis 18479,
# fake WeChat API 18490) and under target/faults/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/target/faults"
BASE="${FAULTS_PORT_BASE:-18400}"
NGINX_PORT=$((BASE + 80))
REDIS_PORT=$((BASE + 79))
API_PORT=$((BASE + 90))
EMBEDDED_REDIS_PORT=$((BASE + 78))
SOLO_PORT=$((BASE + 70))
ADMIN_PASSWORD="fault-admin-pw"
KEFU_JVM="${KEFU_JVM:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
mkdir -p "$WORK"

now_ms() { date +%s%3N; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Compiles once and writes the class path, so nodes start as plain `java` processes we can kill -9.
build() {
  if [ -z "${FAULTS_NO_BUILD:-}" ]; then
    (cd "$ROOT" && mvn -B -q -o compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null)
  fi
  CP="$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")"
}

kefu_java() {
  # shellcheck disable=SC2086
  OPT_OUT_TRACKING=true java $KEFU_JVM -DOPT_OUT_TRACKING=true \
    -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory \
    -cp "$CP" io.kefu.app.Main "$@"
}

# --- the shared external Redis ---

redis_up() {
  mkdir -p "$WORK/redis"
  if [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then return; fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$WORK/redis" --appendonly yes \
    --appendfsync "${REDIS_FSYNC:-everysec}" --save "" --daemonize yes --pidfile "$WORK/redis/redis.pid" \
    --logfile "$WORK/redis/redis.log"
  # PONG, not just an answer: while the AOF loads Redis answers LOADING
  for _ in $(seq 1 100); do [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && return; sleep 0.1; done
  echo "Redis did not start on $REDIS_PORT" >&2; return 1
}

redis_down() {
  # SHUTDOWN writes and fsyncs the AOF before exiting (a clean stop, not a crash)
  redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || return 0; sleep 0.1; done
}

# --- Kefu nodes ---

node_port() { echo $((BASE + 80 + $1)); }

node_up() { # node_up I [extra env assignments...]
  local i=$1; shift
  local port; port=$(node_port "$i")
  mkdir -p "$WORK/node$i"
  # shellcheck disable=SC2086
  (cd "$ROOT" && exec env OPT_OUT_TRACKING=true KEFU_HTTP__HOST=127.0.0.1 KEFU_HTTP__PORT="$port" \
    KEFU_HTTP__INSTANCES=1 KEFU_REDIS__URL="redis://127.0.0.1:$REDIS_PORT" KEFU_NLP__ENABLED=false \
    KEFU_WECHAT__API_BASE="http://127.0.0.1:$API_PORT" KEFU_AGENTS__BOOTSTRAP_PASSWORD="$ADMIN_PASSWORD" \
    KEFU_DATA_DIR="$WORK/node$i/data" "$@" \
    java $KEFU_JVM -DOPT_OUT_TRACKING=true \
    -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory \
    -cp "$CP" io.kefu.app.Main run) >>"$WORK/node$i.log" 2>&1 &
  echo $! >"$WORK/node$i.pid"
  disown $!   # no "Killed" job message from bash after a kill -9
}

node_pid() { cat "$WORK/node$1.pid" 2>/dev/null || true; }

node_kill9() {
  local pid; pid=$(node_pid "$1")
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$pid" ] && while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$WORK/node$1.pid"
}

node_stop() {
  local pid; pid=$(node_pid "$1")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$WORK/node$1.pid"
}

# Waits until GET /ready answers 200; prints the milliseconds it took.
wait_ready() { # wait_ready PORT [TIMEOUT_S]
  local port=$1 timeout=${2:-90} start; start=$(now_ms)
  while [ $(( $(now_ms) - start )) -lt $((timeout * 1000)) ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ]; then
      echo $(( $(now_ms) - start )); return 0
    fi
    sleep 0.1
  done
  echo "node on $port not ready after ${timeout}s" >&2; return 1
}

# --- nginx in front, from the sample config/nginx-kefu.conf ---

nginx_up() { # nginx_up N
  local n=$1
  command -v nginx >/dev/null 2>&1 || {
    log "installing nginx (Debian package)"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
  }
  mkdir -p "$WORK/nginx/logs"
  {
    echo "daemon on; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/logs/error.log warn;"
    echo "worker_processes 1; events { worker_connections 4096; }"
    echo "http { access_log off; client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp;"
    echo "  upstream kefu {"
    for i in $(seq 1 "$n"); do
      echo "    server 127.0.0.1:$(node_port "$i") max_fails=3 fail_timeout=5s;"
    done
    echo "    keepalive 64;"
    echo "  }"
    # the sample's server block as it is, with its upstream replaced and listening on 127.0.0.1 only
    sed -e '/^upstream kefu {/,/^}/d' -e "s/listen 80;/listen 127.0.0.1:$NGINX_PORT;/" "$ROOT/config/nginx-kefu.conf"
    echo "}"
  } >"$WORK/nginx/nginx.conf"
  mkdir -p "$WORK/nginx/tmp"
  nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
  if [ -f "$WORK/nginx/nginx.pid" ] && kill -0 "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null; then
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s reload
  else
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
  fi
}

nginx_down() {
  if [ -f "$WORK/nginx/nginx.pid" ]; then
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  fi
}

# --- agents ---

api_login() { # api_login PORT ID PASSWORD -> token
  curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$1/api/login" \
    -d "{\"id\":\"$2\",\"password\":\"$3\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

# Opens a console WebSocket on one node and holds it (reading and dropping what the server pushes) in the
# background; prints the holder's pid. It ends only when the node goes away: like a console on a killed node.
ws_hold() { # ws_hold PORT TOKEN
  ( exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf 'GET /api/ws?token=%s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n' \
      "$2" "$1" "$(head -c 16 /dev/urandom | base64)" >&3
    exec cat <&3 >/dev/null ) &
  echo $!
}

# --- the driver ---

drive() { # drive [fault-drive options...]
  (cd "$ROOT" && kefu_java fault-drive --url "http://127.0.0.1:$NGINX_PORT" --redis "redis://127.0.0.1:$REDIS_PORT" \
    --api-port "$API_PORT" --admin-password "$ADMIN_PASSWORD" "$@")
}

# Vert.x blocked-thread warnings in the given logs (an event loop that blocked), with the first Kefu frame
# (or the first frame) of each stack, so start-up class loading on a starved CPU is told apart from our code
blocked_report() {
  local n; n=$(cat "$@" 2>/dev/null | grep -c "has been blocked for" || true)
  echo "event-loop blocked warnings: $n"
  [ "$n" = 0 ] && return
  awk '/has been blocked for/ {want=1; first=""; next}
       want && /^\tat / { if (first == "") first=$2; if ($2 ~ /^io\.kefu/) { print "  io.kefu frame: " $2; want=0 } ; next }
       want && !/^\tat / && !/io.vertx.core.VertxException/ { if (first != "") print "  top frame: " first; want=0 }' "$@" \
    | sort | uniq -c | sort -rn | head -5 || true
}
