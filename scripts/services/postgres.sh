# Throwaway PostgreSQL for the test run. Source it, then: pg_start; ...; pg_stop
# Exports DATABASE_URL. initdb refuses root, so the cluster belongs to `postgres`.

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_start() {
    local bin; bin=$(pg_bindir)
    PG_DIR=$(mktemp -d /tmp/supportdesk-pg.XXXXXX)
    PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    chown postgres "$PG_DIR"
    su postgres -s /bin/sh -c "$bin/initdb -D $PG_DIR/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w \
        -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null \
        || { cat "$PG_DIR/server.log" >&2; return 1; }
    su postgres -s /bin/sh -c "$bin/psql -h 127.0.0.1 -p $PG_PORT -U postgres -qc 'CREATE DATABASE supportdesk'" >/dev/null
    export PG_DIR PG_PORT
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/supportdesk"
    echo "postgres: running on 127.0.0.1:$PG_PORT ($PG_DIR)" >&2
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    su postgres -s /bin/sh -c "$(pg_bindir)/pg_ctl -D $PG_DIR/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    unset PG_DIR
}
