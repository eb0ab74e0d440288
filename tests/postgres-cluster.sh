#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on loopback only.
#   tests/postgres-cluster.sh start DIR   initdb into DIR, start the server on a free port of 127.0.0.1,
#                                         print the connection string (without a database) on stdout
#   tests/postgres-cluster.sh stop DIR    stop the server and delete DIR
# Installs Debian's postgresql package when no server is installed. The server runs as a user other than
# root (PostgreSQL refuses root): the package's postgres user, or portaltest, made when neither exists.
# POSTGRES_CLUSTER_OPTIONS adds server settings after the defaults, which it overrides (the benchmarks run with
# durable writes: POSTGRES_CLUSTER_OPTIONS="-c fsync=on -c full_page_writes=on -c shared_buffers=1GB").
set -euo pipefail

command=${1:?usage: postgres-cluster.sh start|stop DIR}
dir=${2:?usage: postgres-cluster.sh start|stop DIR}

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su "$owner" -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then
    owner=postgres
  else
    id portaltest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin portaltest
    owner=portaltest
  fi
fi

case "$command" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "postgres-cluster.sh: PostgreSQL is missing; installing Debian's postgresql package" >&2
      SUDO=""
      [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
      if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then owner=postgres; fi
    fi

    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
    as_owner "'$bin/initdb' -D '$dir/data' -U portal --auth=trust --encoding=UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" \
      || { cat "$dir/initdb.log" >&2; exit 1; }

    # A free port: one nothing answers on. Should another process take it first, the start fails and the next is tried.
    for attempt in $(seq 1 20); do
      port=$(( 20000 + RANDOM % 40000 ))
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
      # Durability is not what the tests measure: no fsync, no full-page writes.
      if as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
          -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB ${POSTGRES_CLUSTER_OPTIONS:-}\" start" >/dev/null; then
        echo "Host=127.0.0.1;Port=$port;Username=portal"
        exit 0
      fi
    done
    echo "postgres-cluster.sh: the server did not start; $dir/server.log says:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    bin=$(find_bin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
