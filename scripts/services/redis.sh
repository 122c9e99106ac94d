# Throwaway Redis for the test run. Source it, then: redis_start; ...; redis_stop
# Exports REDIS_URL. No persistence: the cache holds nothing a test run must keep.

redis_start() {
    REDIS_DIR=$(mktemp -d /tmp/supportdesk-redis.XXXXXX)
    REDIS_PORT=${REDIS_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
        --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --dir "$REDIS_DIR" \
        || { cat "$REDIS_DIR/redis.log" >&2; return 1; }
    for _ in $(seq 50); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -p "$REDIS_PORT" ping >/dev/null || { cat "$REDIS_DIR/redis.log" >&2; return 1; }
    export REDIS_DIR REDIS_PORT
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    echo "redis: running on 127.0.0.1:$REDIS_PORT ($REDIS_DIR)" >&2
}

redis_stop() {
    [ -n "${REDIS_DIR:-}" ] || return 0
    [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
    rm -rf "$REDIS_DIR"
    unset REDIS_DIR
}
