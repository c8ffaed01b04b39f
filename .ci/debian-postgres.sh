#!/usr/bin/env bash
# Runs a command with HOSTFLOW_TEST_DATABASE_URL pointing at a throw-away cluster of Debian's
# PostgreSQL: `debian-postgres.sh <bin dir> -- <command...>`. The cluster listens on loopback only,
# on a free port, with a random password, and is removed afterwards. PostgreSQL refuses to run as
# root: as root the cluster runs as the `postgres` user.
set -euo pipefail
bin=$1
shift
[ "${1:-}" = "--" ] && shift

dir=$(mktemp -d)
chmod 755 "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
password=$(openssl rand -hex 16)
printf '%s\n' "$password" > "$dir/pw"
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/pw"
stop() {
  as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_server "$bin/initdb" -D "$dir/data" -U hostflow --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 --locale=C >/dev/null
rm -f "$dir/pw"
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null
HOSTFLOW_TEST_DATABASE_URL="postgres://hostflow:$password@127.0.0.1:$port/postgres" "$@"
