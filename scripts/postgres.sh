#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests and benchmarks.
#
#   scripts/postgres.sh start   installs PostgreSQL from Debian if missing, starts a fresh cluster on
#                               127.0.0.1 on a free port, creates the database and prints its SQLAlchemy
#                               URL (postgresql+psycopg://...) on stdout; everything else goes to stderr.
#   scripts/postgres.sh stop    stops the server and removes its data directory.
#   scripts/postgres.sh url     prints the URL of the running server.
#
# State lives in $TRUCELINE_PG_DIR (default: /tmp/truceline-pg-$UID). Authentication is `trust` on
# loopback only: this server is for tests, never for data anyone keeps.
set -euo pipefail

DIR="${TRUCELINE_PG_DIR:-/tmp/truceline-pg-$(id -u)}"
DB="${TRUCELINE_PG_DB:-truceline}"
log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
    # Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin.
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z "$found" ]]; then
        return 1
    fi
    echo "$found"
}

install_if_missing() {
    if pg_bin >/dev/null; then
        return
    fi
    if [[ $(id -u) -ne 0 ]]; then
        log "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
        exit 1
    fi
    log "installing PostgreSQL from Debian's packages"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
}

# Runs a server binary as the cluster's owner: root may not run postgres, so root hands over to the
# `postgres` account that Debian's package creates.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url() {
    local port user
    port=$(cat "$DIR/port")
    user=$(cat "$DIR/user")
    echo "postgresql+psycopg://$user@127.0.0.1:$port/$DB"
}

start() {
    install_if_missing
    local bin port user
    bin=$(pg_bin)
    if [[ -f "$DIR/port" ]] && as_owner "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        log "already running"
        url
        return
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$DIR"
        user=postgres
    else
        user=$(id -un)
    fi
    port=$(free_port)
    echo "$port" >"$DIR/port"
    echo "$user" >"$DIR/user"
    as_owner "$bin/initdb" -D "$DIR/data" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2
    # Sockets go to the data directory, so no write access to /var/run/postgresql is needed.
    as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/data/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $DIR/data" start >&2
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$DB" >&2
    log "running on 127.0.0.1:$port (data in $DIR)"
    url
}

stop() {
    local bin
    if [[ ! -d "$DIR/data" ]]; then
        log "not running"
        return
    fi
    bin=$(pg_bin)
    as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    rm -rf "$DIR"
    log "stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
