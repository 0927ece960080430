#!/usr/bin/env bash
# Run a command with a Redis server of its own on 127.0.0.1:REDIS_PORT (default 6390) as the
# site's shared cache (CACHE_URL); the server is stopped when the command ends. Debian's
# redis-server is installed when missing (as root).
set -euo pipefail
port="${REDIS_PORT:-6390}"

if ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "This needs Debian's redis-server: run 'sudo apt-get install redis-server'." >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --loglevel warning >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid"; wait "$redis_pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
done
redis-cli -p "$port" ping >/dev/null

CACHE_URL="redis://127.0.0.1:$port/0" "$@"
