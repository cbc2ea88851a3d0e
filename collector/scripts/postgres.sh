#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and local runs of the example's database path:
#   scripts/postgres.sh start DIR PORT   initdb into DIR (first time), start on 127.0.0.1:PORT, print a DATABASE_URL
#   scripts/postgres.sh stop DIR         stop it (fast shutdown)
# Trust authentication on loopback only; the socket also lives in DIR. PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` user (created by Debian's package) or `nobody`.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: postgres.sh start DIR PORT | stop DIR" >&2; exit 2; }
bin="$("$(dirname "$0")/ensure-postgres.sh")"
as=()
if [[ "$(id -u)" == 0 ]]; then
  user=postgres; id "$user" >/dev/null 2>&1 || user=nobody
  # runuser lives in sbin, which a non-login PATH may lack.
  runuser="$(PATH="$PATH:/usr/sbin:/sbin" command -v runuser)" || { echo "postgres.sh: runuser not found" >&2; exit 1; }
  as=("$runuser" -u "$user" --)
fi

case "$cmd" in
  start)
    port="${3:?postgres.sh start needs a PORT}"
    mkdir -p "$dir"
    if [[ ${#as[@]} != 0 ]]; then
      chown "$user" "$dir"
      "${as[@]}" test -x "$dir" || { echo "postgres.sh: $user cannot reach $dir (make its parents traversable)" >&2; exit 1; }
    fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "postgres.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
