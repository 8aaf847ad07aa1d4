#!/usr/bin/env bash
# A throw-away PostgreSQL for the test run, on a free loopback port.
#   postgres.sh start DIR   installs PostgreSQL if missing, starts it, writes DIR/env
#   postgres.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?directory}")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

case "$cmd" in
start)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "Installing PostgreSQL (apt)..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  "$0" stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir" && mkdir -p "$dir"
  chown postgres:postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  password=samsara-test
  echo "$password" > "$dir/pwfile" && chown postgres "$dir/pwfile"
  su postgres -s /bin/sh -c "'$bin/initdb' -D '$dir/data' -U samsara --pwfile='$dir/pwfile' -A scram-sha-256 >'$dir/initdb.log' 2>&1"
  su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" >/dev/null
  echo "SAMSARA_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=samsara;Password=$password;Database=postgres'" > "$dir/env"
  echo "PostgreSQL on 127.0.0.1:$port"
  ;;
stop)
  if [ -n "$bin" ] && [ -d "$dir/data" ]; then
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
