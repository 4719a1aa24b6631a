#!/usr/bin/env bash
# Switchboard's benchmark suite: builds what it needs, then runs every scenario against the echo backend directly,
# through nginx and through Switchboard (both reading one copy of bench/conf/bench.conf), and prints one table
# (also bench/results/latest.txt, and as JSON bench/results/latest.json). Loopback only; every step is bounded in time.
#
#   bench/run.sh                       # everything, 10 s per timed scenario
#   DURATION=5 WARMUP=2 bench/run.sh   # shorter
#   ROUNDS=3 bench/run.sh              # repeat, report the median round
#   TARGETS="nginx switchboard" SCENARIOS="small latency" bench/run.sh
#   TLS_CLIENT=jdk bench/run.sh        # the wss-* scenarios' client engine: openssl (BoringSSL, default) or jdk
#   SKIP_BUILD=1 bench/run.sh          # reuse target/switchboard.jar and bench/loadgen/target/loadgen.jar
#   PROFILE=1 bench/run.sh             # also record a JFR profile of Switchboard (bench/results/switchboard.jfr)
#   GCLOG=1 bench/run.sh               # and/or its GC log (bench/results/switchboard-gc.log)
#   SWITCHBOARD_JAVA_OPTS="..." bench/run.sh   # other JVM settings than the launcher's
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}   # long enough for the JIT to have compiled the hot paths (connrate, http): see docs/benchmarks.md
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"direct nginx switchboard"}
SCENARIOS=${SCENARIOS:-"idle1k idle9k small large latency connrate http wss-small wss-connrate cap"}
NGINX=${NGINX:-/usr/sbin/nginx}
CONF=${CONF:-"$bench/conf/bench.conf"}
PROXY_PORT=18080
TLS_PORT=18443     # the config's `listen ... ssl` server, same locations (wss-* scenarios; not for direct)
TLS_CLIENT=${TLS_CLIENT:-openssl}
BACKEND_PORT=19001
LOADGEN_OPTS=${LOADGEN_OPTS:-"-XX:+UseSerialGC -Xms1g -Xmx1g -XX:+AlwaysPreTouch"}
ECHO_OPTS=${ECHO_OPTS:-"-XX:+UseSerialGC -Xms256m -Xmx256m"}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (proxy jar, load generator)" >&2
  (cd "$root" && mvn -q -B -ntp -DskipTests package)
  mvn -q -B -ntp -f "$bench/loadgen/pom.xml" -DskipTests package
fi
LOADGEN="$bench/loadgen/target/loadgen.jar"
[ -f "$LOADGEN" ] && [ -f "$root/target/switchboard.jar" ] || { echo "build first" >&2; exit 1; }

tmp="$(mktemp -d /tmp/switchboard-bench.XXXXXX)"
# The TLS server's certificate, fresh at every start: self-signed ECDSA P-256 for localhost, in bench/results/tls/
# (gitignored). The config names it ../results/tls/..., relative to the config's directory as nginx resolves it;
# Switchboard resolves it against its -p prefix instead, so both proxies read one copy of the config with that
# path made absolute ($tmp/conf/).
mkdir -p "$bench/results/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$bench/results/tls/bench.key" -out "$bench/results/tls/bench.crt" 2>>"$tmp/openssl.log"
mkdir -p "$tmp/conf"
sed "s#\.\./results/tls/#$bench/results/tls/#g" "$CONF" >"$tmp/conf/$(basename "$CONF")"
CONF="$tmp/conf/$(basename "$CONF")"
results="$tmp/results.jsonl"
mkdir -p "$bench/results"
echo_pid=""
proxy_pid=""

cleanup() {
  [ -n "$proxy_pid" ] && stop_pid "$proxy_pid"
  [ -n "$echo_pid" ] && stop_pid "$echo_pid"
  return 0
}
trap cleanup EXIT

# Sends TERM (or $2), waits up to 10 s, then KILL.
stop_pid() {
  local pid=$1 sig=${2:-TERM}
  kill -"$sig" "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

wait_port() {
  for _ in $(seq 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 15 s" >&2
  return 1
}

start_proxy() {
  case $1 in
    direct) proxy_pid="" ;;
    nginx)
      mkdir -p "$tmp/nginx/logs"
      "$NGINX" -p "$tmp/nginx/" -c "$CONF" -e stderr -g 'daemon off;' 2>>"$tmp/nginx.log" &
      proxy_pid=$!
      wait_port $PROXY_PORT ;;
    switchboard)
      mkdir -p "$tmp/switchboard"
      local jfr=""
      if [ "${PROFILE:-0}" = 1 ]; then
        jfr="-XX:StartFlightRecording=filename=$bench/results/switchboard.jfr,settings=profile,dumponexit=true"
      fi
      if [ "${GCLOG:-0}" = 1 ]; then
        jfr="$jfr -Xlog:gc:file=$bench/results/switchboard-gc.log"
      fi
      # the launcher's own JVM settings; JFR (if asked) comes in through JAVA_TOOL_OPTIONS
      JAVA_TOOL_OPTIONS="$jfr" "$root/bin/switchboard" -p "$tmp/switchboard" -c "$CONF" 2>>"$tmp/switchboard.log" &
      proxy_pid=$!
      wait_port $PROXY_PORT ;;
  esac
}

stop_proxy() {
  # TERM: nginx's fast shutdown, Switchboard's graceful quit (immediate with nothing open). Not INT: a
  # non-interactive shell starts background jobs with SIGINT ignored, and the JVM then leaves it ignored.
  [ -n "$proxy_pid" ] && stop_pid "$proxy_pid" TERM
  proxy_pid=""
  sleep 1
}

loadgen() {
  local mode=$1; shift
  local port=$PROXY_PORT
  [ "$current" = direct ] && port=$BACKEND_PORT
  if [[ $scenario == wss-* ]]; then
    port=$TLS_PORT
    set -- "$@" --tls "$TLS_CLIENT" --sni localhost
  fi
  local out
  # shellcheck disable=SC2086
  out=$(timeout 300 java $LOADGEN_OPTS -jar "$LOADGEN" "$mode" --target "127.0.0.1:$port" \
        --watch "${proxy_pid:-0}" --warmup "$WARMUP" --duration "$DURATION" --label "$current/$scenario" "$@" \
        2>>"$tmp/loadgen.log") || {
    echo "   (loadgen $mode failed, see $tmp/loadgen.log)" >&2; return 0; }
  echo "$out" | jq -c --arg t "$current" --arg s "$scenario" --argjson r "$round" \
    '. + {proxy: $t, scenario: $s, round: $r}' >>"$results"
  echo "$out" | jq -r --arg t "$current" --arg s "$scenario" \
    'if .mode == "cap" then "   \($t) \($s): held \(.held), refused \(.refused), resumed \(.resumed_ok)"
     else "   \($t) \($s): \(.per_s // .bytes_per_conn) \(if .per_s then "/s" else "B/conn" end)" end' >&2
}

run_scenario() {
  case $1 in
    idle1k)   loadgen idle --conns 1000 --settle 3 ;;
    idle9k)   loadgen idle --conns 9000 --settle 5 ;;
    small)    loadgen ws --conns 50 --inflight 8 --size 64 ;;
    large)    loadgen ws --conns 50 --inflight 1 --size 65536 ;;
    latency)  loadgen ws --conns 100 --rate 5000 --size 64 ;;
    connrate) loadgen connrate --conns 50 --size 64 ;;
    http)     loadgen http --conns 50 ;;
    # over TLS (full handshake per connection in wss-connrate: the client offers no session to resume)
    wss-small)    loadgen ws --conns 50 --inflight 8 --size 64 ;;
    wss-connrate) loadgen connrate --conns 50 --size 64 ;;
    # up to the open-file cap (20,000 per process: ~9,990 proxied connections at two descriptors each), past it,
    # then release 500 and check that 400 new ones get through; see CapProbe in bench/loadgen
    cap)
      local log="$tmp/$current.log" from
      from=$(wc -l <"$log")
      loadgen cap --attempts 10300 --concurrency 200 --slow-concurrency 10 --answer-timeout 3000 --fill-timeout 40 --quiet 3 --hold 5 --probe-rate 20 \
        --release 500 --resume 400 --resume-timeout 15
      cap_log_counts "$log" "$from" ;;
  esac
}

# Adds to the cap scenario's result what the proxy logged meanwhile: lines at error level or above (nginx's
# [error]/[crit]/[alert]/[emerg], Switchboard's [ERROR]), lines naming "Too many open files" (EMFILE, on accept or on
# a backend socket), "worker_connections are not enough", and Java exceptions (stack traces: a bug).
cap_log_counts() {
  local log=$1 from=$2 last
  last=$(tail -n 1 "$results" 2>/dev/null || true)
  [ -n "$last" ] && [ "$(echo "$last" | jq -r '.scenario + "/" + .proxy')" = "cap/$current" ] || return 0
  local new errors emfile wc exceptions
  new=$(tail -n +"$((from + 1))" "$log")
  errors=$(printf '%s' "$new" | grep -ciE '\[(error|crit|alert|emerg)\]' || true)
  emfile=$(printf '%s' "$new" | grep -c "Too many open files" || true)
  wc=$(printf '%s' "$new" | grep -c "worker_connections are not enough" || true)
  exceptions=$(printf '%s' "$new" | grep -cE '^[a-zA-Z.$]+(Exception|Error)\b|^\s+at ' || true)
  sed -i '$d' "$results"
  echo "$last" | jq -c --argjson l "$errors" --argjson e "$emfile" --argjson w "$wc" --argjson x "$exceptions" \
    '. + {log_errors: $l, log_emfile: $e, log_worker_connections: $w, log_exception_lines: $x}' >>"$results"
}

echo "== echo backend on 127.0.0.1:$BACKEND_PORT" >&2
# shellcheck disable=SC2086
java $ECHO_OPTS -jar "$LOADGEN" echo --listen "127.0.0.1:$BACKEND_PORT" 2>>"$tmp/echo.log" &
echo_pid=$!
wait_port $BACKEND_PORT

# Targets take turns within each scenario (fresh proxy process each time), so the noise of a shared machine
# falls on all of them alike; ROUNDS>1 repeats everything and the report keeps the median round.
for round in $(seq "$ROUNDS"); do
  for scenario in $SCENARIOS; do
    for current in $TARGETS; do
      # direct has no idle or cap figure and no TLS (the echo backend is plain): its wss ratio shows as "—"
      [ "$current" = direct ] && [[ $scenario == idle* || $scenario == wss-* || $scenario == cap ]] && continue
      echo "== round $round, $scenario, $current" >&2
      start_proxy "$current"
      run_scenario "$scenario"
      stop_proxy "$current"
    done
  done
done

python3 "$bench/report.py" "$results" "$bench/results/latest.json" \
  --meta "nproc=$(nproc)" "mem=$(free -h | awk '/^Mem:/{print $2}')" "duration_s=$DURATION" "warmup_s=$WARMUP" "rounds=$ROUNDS" \
  "nginx=$("$NGINX" -v 2>&1 | sed 's/.*\///')" "java=$(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')" \
  "kernel=$(uname -r)" | tee "$bench/results/latest.txt"
echo "raw results and logs: $tmp" >&2
