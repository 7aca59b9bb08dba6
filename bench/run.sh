#!/usr/bin/env bash
# The MSO Ledger benchmark: one command builds the service and the harness, starts the service on a fresh
# embedded PostgreSQL (or on --db-url), measures raw PostgreSQL baselines, bulk import, commands over HTTP,
# projection lag, replay and queries, stops everything and writes bench/results/<timestamp>.json plus a
# markdown summary (bench/results/latest.md; latest-quick.md for --quick).
#
#   bench/run.sh [--quick] [--db-url jdbc:postgresql://host:port/db] [--no-build]
#
# --db-url     an external, empty database (user LEDGER_DB_USER, default postgres; password LEDGER_DB_PASSWORD)
# --no-build   reuse ledger-service/target/ledger-service.jar and bench/target/ledger-bench.jar
# BENCH_JFR=1  records a JFR profile of the service into bench/target/run-*/service.jfr
# BENCH_JAVA_OPTS  extra JVM options for the service; BENCH_KEEP_DATA=1 keeps the embedded database
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
db_url=""
build=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --db-url) db_url=${2:?--db-url needs a jdbc:postgresql:// URL}; shift ;;
    --db-url=*) db_url=${1#--db-url=} ;;
    --no-build) build=no ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
work=$PWD/bench/target/run-$stamp
mkdir -p "$work"
log() { echo "[run.sh $(date -u +%H:%M:%S)] $*"; }

mvn_quiet() {
  # offline first (a warm local repository), online when something is missing
  ./mvnw -B -q -o "$@" || ./mvnw -B -q "$@"
}
if [ "$build" = yes ]; then
  log "building the service and the bench"
  mvn_quiet -pl ledger-service -am package -DskipTests
  mvn_quiet -f bench/pom.xml package -DskipTests
fi

pgbench=$(command -v pgbench || ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbench" ] || [ ! -x "$pgbench" ]; then
  echo "pgbench not found: install the PostgreSQL client tools (apt-get install postgresql-client)" >&2
  exit 1
fi

secret=$(openssl rand -hex 32 2>/dev/null || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

java_opts=(${BENCH_JAVA_OPTS:-})
if [ "${BENCH_JFR:-0}" = 1 ]; then
  java_opts+=("-XX:StartFlightRecording=filename=$work/service.jfr,settings=profile,dumponexit=true")
fi

service_pid=""
postmaster_pid_file="$work/data/postgres/postmaster.pid"
stop_service() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    log "stopping the service (pid $service_pid)"
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 90); do kill -0 "$service_pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$service_pid" 2>/dev/null; then
      log "the service did not stop in 90 s: killing it"
      kill -KILL "$service_pid" 2>/dev/null || true
    fi
  fi
  # never leave an embedded PostgreSQL behind (a killed JVM cannot stop it)
  if [ -f "$postmaster_pid_file" ]; then
    pg_pid=$(head -1 "$postmaster_pid_file" 2>/dev/null || true)
    if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
      log "stopping the orphaned embedded PostgreSQL (pid $pg_pid)"
      kill -INT "$pg_pid" 2>/dev/null || true # fast shutdown: a smart one (TERM) can wait forever
      for _ in $(seq 1 30); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 1; done
      kill -QUIT "$pg_pid" 2>/dev/null || true
    fi
  fi
}
trap stop_service EXIT

db_kind=embedded
db_user=postgres
db_password=""
env_db=()
if [ -n "$db_url" ]; then
  db_kind=external
  db_user=${LEDGER_DB_USER:-postgres}
  db_password=${LEDGER_DB_PASSWORD:-}
  env_db=(LEDGER_DB_URL="$db_url" LEDGER_DB_USER="$db_user" LEDGER_DB_PASSWORD="$db_password")
fi

log "starting the service on port $port ($db_kind PostgreSQL), log: $work/service.log"
env "${env_db[@]}" LEDGER_JWT_SECRET="$secret" SERVER_PORT="$port" LEDGER_DATA_DIR="$work/data" \
  java "${java_opts[@]}" -jar ledger-service/target/ledger-service.jar >"$work/service.log" 2>&1 &
service_pid=$!

for i in $(seq 1 180); do
  if ! kill -0 "$service_pid" 2>/dev/null; then
    echo "the service exited during start-up; its log:" >&2
    tail -50 "$work/service.log" >&2
    exit 1
  fi
  if curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; then break; fi
  [ "$i" = 180 ] && { echo "the service did not become healthy in 180 s" >&2; tail -50 "$work/service.log" >&2; exit 1; }
  sleep 1
done
log "service up"

if [ "$db_kind" = embedded ]; then
  pg_port=$(grep -o 'embedded PostgreSQL serving .* on 127.0.0.1:[0-9]*' "$work/service.log" | head -1 | sed 's/.*://')
  [ -n "$pg_port" ] || { echo "cannot find the embedded PostgreSQL's port in the service log" >&2; exit 1; }
  jdbc_url="jdbc:postgresql://127.0.0.1:$pg_port/postgres"
else
  jdbc_url=$db_url
fi

java -jar bench/target/ledger-bench.jar --mode "$mode" --base-url "http://127.0.0.1:$port" \
  --jdbc-url "$jdbc_url" --db-user "$db_user" --db-password "$db_password" --db-kind "$db_kind" \
  --secret "$secret" --service-pid "$service_pid" --pgbench "$pgbench" --work "$work" --out bench/results \
  --java-version-of-service "$(java -version 2>&1 | head -2 | tail -1)" | tee "$work/bench.log"
status=${PIPESTATUS[0]}
stop_service
trap - EXIT
if [ "${BENCH_KEEP_DATA:-0}" != 1 ]; then
  rm -rf "$work/data" # the embedded database: gigabytes after a full run (BENCH_KEEP_DATA=1 keeps it)
fi
if [ "${BENCH_JFR:-0}" = 1 ]; then log "JFR recording: $work/service.jfr"; fi
exit "$status"
