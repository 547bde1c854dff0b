#!/bin/sh
# A PostgreSQL server for a user's app that needs one (HTTP_TEST_APP_DATABASE=postgres, lib/porting/database.ts),
# from Debian's postgresql package in the app's own image: a new, empty database "app" owned by the user "app",
# whose password (HTTP_TEST_DATABASE_PASSWORD) the run made up; never kept, every start begins empty.
#   serve        the stack's `database` service: the server in the foreground, on every address
#   with CMD...  a check before any stack starts (the app is imported, its routes listed): the server on
#                127.0.0.1 in this container, CMD run beside it, the server stopped, CMD's exit status
#   wait CMD...  an app replica's entrypoint: waits (at most 60 s) until the stack's server accepts, then CMD
set -eu
mode=${1:?usage: http_test_database.sh serve | with CMD... | wait CMD...}
shift
: "${HTTP_TEST_DATABASE_PASSWORD:?http_test_database.sh: HTTP_TEST_DATABASE_PASSWORD is not set}"

if [ "$mode" = wait ]; then
  host=${HTTP_TEST_DATABASE_HOST:-database}
  tries=0
  until pg_isready -q -h "$host" -p 5432 -U app -d app; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then
      echo "http-test: the database server ($host:5432) did not accept connections within 60 s" >&2
      exit 3
    fi
    sleep 0.5
  done
  exec "$@"
fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "http-test: no PostgreSQL server in this image (Debian's postgresql package)" >&2
  exit 3
fi
data=/var/lib/http-test-postgres
rm -rf "$data"
mkdir -p "$data"
chown postgres:postgres "$data"
password_file=$(mktemp)
printf '%s\n' "$HTTP_TEST_DATABASE_PASSWORD" >"$password_file"
chown postgres "$password_file"
runuser -u postgres -- "$bin/initdb" -D "$data" -U app --pwfile="$password_file" --auth=scram-sha-256 \
  --encoding=UTF8 --no-sync >/dev/null
rm -f "$password_file"
# initdb lets in the local host only; the stack's app replicas come from the project's network.
printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >>"$data/pg_hba.conf"
single_log=$(mktemp)
if ! echo 'CREATE DATABASE app' | runuser -u postgres -- "$bin/postgres" --single -D "$data" postgres >"$single_log" 2>&1; then
  echo "http-test: could not create the database app:" >&2
  tail -n 5 "$single_log" >&2
  exit 3
fi
rm -f "$single_log"
# A database made for one run: durability buys nothing and costs the specs' timings.
settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"

case "$mode" in
  serve)
    echo "http-test: PostgreSQL $("$bin/postgres" --version | awk '{print $NF}') serving database app on :5432"
    # shellcheck disable=SC2086 # the settings are a word list on purpose
    exec runuser -u postgres -- "$bin/postgres" -D "$data" -c listen_addresses='*' $settings
    ;;
  with)
    log=$(mktemp)
    chown postgres "$log"
    if ! runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 $settings" start >/dev/null; then
      echo "http-test: the database server did not start:" >&2
      tail -n 5 "$log" >&2
      exit 3
    fi
    status=0
    "$@" || status=$?
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    exit "$status"
    ;;
  *)
    echo "http_test_database.sh: unknown mode \"$mode\": serve, with or wait" >&2
    exit 2
    ;;
esac
