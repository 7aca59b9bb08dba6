#!/usr/bin/env bash
# The fault test of issue #12. On a PostgreSQL cluster of its own (initdb in a temp dir, a free port, the
# machine's PostgreSQL binaries, fsync on) and the service jar, 8 writers post fee charges and payments,
# each with a unique entry id and Idempotency-Key, retrying the same request under the same key on a 503,
# a connection error or a timeout (writers.py). Meanwhile the cluster is restarted `-m fast` and
# `-m immediate` and the JVM is killed -9 and started again, with acknowledged writes between every two
# faults. Afterwards: every acknowledged entry exists exactly once, no 2xx is empty or without its effect,
# no 500, every Ledger-Position exists, debits equal credits, projections equal the event store, every
# hash chain is intact. Exits non-zero on any violation.
#
#   deploy/faults/run.sh
#
# Needs: java 17, python3 (standard library), curl, PostgreSQL server binaries (/usr/lib/postgresql/*/bin).
# Builds ledger-service/target/ledger-service.jar when it is missing (FAULTS_REBUILD=1: always).
# FAULTS_KEEP=1 keeps the temp dir (cluster, logs, every response); FAULTS_JAVA_OPTS: extra JVM options.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
jar=$repo/ledger-service/target/ledger-service.jar
started_at=$SECONDS
log() { echo "[faults $(date -u +%H:%M:%S)] $*"; }

if [ ! -f "$jar" ] || [ "${FAULTS_REBUILD:-0}" = 1 ]; then
  log "building $jar"
  (cd "$repo" && { ./mvnw -B -q -o -pl ledger-service -am package -DskipTests 2>/dev/null \
                   || ./mvnw -B -q -pl ledger-service -am package -DskipTests; })
fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  echo "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi
psql=$pg_bin/psql
for tool in java python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ledger-faults.XXXXXX")
chmod 711 "$work"          # the postgres user must reach its own directory inside
pg_dir=$work/pg            # owned by whoever runs the cluster
data=$pg_dir/data
mkdir -p "$pg_dir"
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres OS user
  id postgres >/dev/null 2>&1 || { echo "running as root and there is no postgres user" >&2; exit 1; }
  chown postgres: "$pg_dir"
  as_pg() { (cd "$pg_dir" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$pg_dir" && "$@"); }
fi
pg_ctl() { as_pg "$pg_bin/pg_ctl" -D "$data" -l "$pg_dir/postgres.log" -w -t 120 "$@"; }

service_pid=""
writers_pid=""
cleanup() {
  status=$?
  set +e
  if [ -n "$writers_pid" ] && kill -0 "$writers_pid" 2>/dev/null; then
    kill -TERM "$writers_pid" 2>/dev/null; wait "$writers_pid" 2>/dev/null
  fi
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$service_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$service_pid" 2>/dev/null
    wait "$service_pid" 2>/dev/null
  fi
  if [ -f "$data/postmaster.pid" ]; then
    pg_ctl -m fast stop >/dev/null 2>&1 || pg_ctl -m immediate stop >/dev/null 2>&1
  fi
  if [ "${FAULTS_KEEP:-0}" = 1 ]; then
    echo "kept $work (FAULTS_KEEP=1)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
http_port=$(free_port)
mgmt_port=$(free_port)
while [ "$http_port" = "$pg_port" ]; do http_port=$(free_port); done
while [ "$mgmt_port" = "$pg_port" ] || [ "$mgmt_port" = "$http_port" ]; do mgmt_port=$(free_port); done

log "initdb $data (PostgreSQL $("$pg_bin/postgres" --version | awk '{print $NF}'), port $pg_port, work dir $work)"
as_pg "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$data/postgresql.conf" <<EOF
# deploy/faults/run.sh
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 100
log_line_prefix = '%m [%p] '
EOF
pg_ctl start >/dev/null
"$psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'create database ledger'

secret=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export LEDGER_JWT_SECRET=$secret
java_opts=(${FAULTS_JAVA_OPTS:-})
start_service() {
  echo "=== $(date -u +%FT%T.%3NZ) run.sh: starting the service" >>"$work/service.log"
  LEDGER_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/ledger" LEDGER_DB_USER=postgres \
    SERVER_PORT=$http_port MANAGEMENT_SERVER_PORT=$mgmt_port \
    java "${java_opts[@]}" -jar "$jar" >>"$work/service.log" 2>&1 &
  service_pid=$!
}
wait_healthy() {
  local deadline=$((SECONDS + 240))
  until curl -sf -m 2 "http://127.0.0.1:$mgmt_port/actuator/health" >/dev/null 2>&1; do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      echo "the service exited during start-up; its log:" >&2; tail -60 "$work/service.log" >&2; exit 1
    fi
    if [ "$SECONDS" -gt "$deadline" ]; then
      echo "the service did not become healthy in 240 s; its log:" >&2; tail -60 "$work/service.log" >&2; exit 1
    fi
    sleep 0.5
  done
}

log "starting the service (HTTP $http_port, management $mgmt_port), log: $work/service.log"
start_service
wait_healthy
log "service up after $((SECONDS - started_at)) s"

python3 "$here/writers.py" setup --work "$work" --port "$http_port"

# ------------------------------------------------------------------------------------------- the faults
python3 "$here/writers.py" write --work "$work" --port "$http_port" --threads 8 --max-seconds 600 \
  --drain-seconds 120 &
writers_pid=$!
writers_start=$(date +%s.%N)
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$writers_start" "$(date +%s.%N)"; }
acked() { cut -d' ' -f1 "$work/progress" 2>/dev/null || echo 0; }
violation() { log "VIOLATION: $*"; echo "$*" >>"$work/violations.txt"; }
fault_begin=""; fault_at=""; fault_clock=""
begin_fault() { fault_at=$(since); fault_clock=$(date -u +%H:%M:%S); fault_begin=$(date +%s.%N); log "fault: $*"; }
end_fault() {
  local took
  took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$fault_begin" "$(date +%s.%N)")
  printf '%s\t%s\t%s\t%s\n' "$fault_at" "$fault_clock" "$*" "$took" >>"$work/faults.tsv"
}
# Between two faults: at least 5 s and at least 30 more acknowledged writes (within 120 s).
writes_between() {
  local from; from=$(acked)
  local deadline=$((SECONDS + 120))
  sleep 5
  until [ "$(acked)" -ge $((from + 30)) ]; do
    if [ "$SECONDS" -gt "$deadline" ]; then
      violation "no recovery: fewer than 30 writes acknowledged in 120 s after '$1' ($(acked) in all)"
      return
    fi
    if ! kill -0 "$writers_pid" 2>/dev/null; then violation "the writers exited early"; return; fi
    sleep 0.5
  done
  log "  $(( $(acked) - from )) writes acknowledged since '$1' ($(acked) in all)"
}
pg_restart() {
  begin_fault "pg_ctl restart -m $1"
  pg_ctl -m "$1" restart >/dev/null
  end_fault "pg_ctl restart -m $1"
}
jvm_kill() {
  begin_fault "kill -9 the JVM (pid $service_pid), start it again"
  kill -KILL "$service_pid"
  wait "$service_pid" 2>/dev/null || true
  start_service
  wait_healthy
  end_fault "kill -9 the JVM, start it again"
}

# A longer outage: while the database is down the instance must say so (readiness DOWN), reads and writes
# must answer 503 problem+json with Retry-After within the connection timeout, and a Prometheus scrape
# must still answer within 1 s (its gauges read cached values); afterwards readiness must come back UP.
pg_outage() {
  begin_fault "pg_ctl stop -m fast, 10 s without a database, start"
  pg_ctl -m fast stop >/dev/null
  local ready="" code deadline=$((SECONDS + 15))
  until [ "$SECONDS" -gt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$mgmt_port/actuator/health/readiness" || true)
    if [ "$code" = 503 ]; then ready=down; break; fi
    sleep 0.5
  done
  [ "$ready" = down ] || violation "readiness did not go DOWN within 15 s of the database stopping (last answer $code)"
  local started scrape took
  started=$(date +%s.%N)
  scrape=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$mgmt_port/actuator/prometheus" || true)
  took=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$started" "$(date +%s.%N)")
  [ "$scrape" = 200 ] || violation "/actuator/prometheus did not answer 200 within 1 s during the outage (got '$scrape' after ${took} s)"
  log "  during the outage: readiness $ready, prometheus $scrape in ${took} s"
  python3 "$here/writers.py" probe-outage --work "$work" --port "$http_port" || violation "a read during the outage was not a bounded 503 problem (see above)"
  sleep 3
  pg_ctl start >/dev/null
  ready=""; deadline=$((SECONDS + 30))
  until [ "$SECONDS" -gt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "http://127.0.0.1:$mgmt_port/actuator/health/readiness" || true)
    if [ "$code" = 200 ]; then ready=up; break; fi
    sleep 0.5
  done
  [ "$ready" = up ] || violation "readiness did not come back UP within 30 s of the database starting (last answer $code)"
  end_fault "pg_ctl stop -m fast, 10 s without a database, start"
}

writes_between "the start"
pg_outage;             writes_between "the outage"
pg_restart fast;       writes_between "pg_ctl restart -m fast"
jvm_kill;              writes_between "kill -9"
pg_restart immediate;  writes_between "pg_ctl restart -m immediate"
pg_restart fast;       writes_between "pg_ctl restart -m fast"
jvm_kill;              writes_between "kill -9"
pg_restart immediate;  writes_between "pg_ctl restart -m immediate"

log "stopping the writers (pending requests keep retrying up to 120 s)"
touch "$work/stop"
writers_status=0
wait "$writers_pid" || writers_status=$?
writers_pid=""
[ "$writers_status" = 0 ] || violation "the writers exited with status $writers_status"
wait_healthy

# ------------------------------------------------------------------------------------------- the checks
check_status=0
python3 "$here/writers.py" check --work "$work" --port "$http_port" --pg-port "$pg_port" --psql "$psql" \
  --service-log "$work/service.log" || check_status=$?
count() { grep -c -- "$1" "$work/service.log" || true; }
echo "service log: $(count '=== .* run.sh: starting') starts, $(count ' ERROR ') ERROR lines, $(count \
  'not committed, answered 503') 'not committed, answered 503', $(count 'unexpected failure on') 'unexpected failure on'," \
  "$(count 'Servlet.service() for servlet') 'Servlet.service() ... threw exception'"
echo "duration: $((SECONDS - started_at)) s"
if [ "$check_status" != 0 ]; then
  echo "FAULT TEST FAILED" >&2
  exit 1
fi
echo "fault test passed"
