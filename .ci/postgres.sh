#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installed by .ci/run) and creates the
# databases the tests and `make migration` use.
#
# Standard output carries only the DSN exports (callers eval it); everything
# the PostgreSQL tools say — "Removed stale pid file." after an unclean stop,
# cluster creation notices — goes to standard error.
set -euo pipefail
# fd 3 is the caller's stdout; the server must not inherit it (a $(...) caller
# would wait on the pipe for as long as PostgreSQL runs), hence 3>&- below.
exec 3>&1 1>&2

ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main"' | grep -q .; then
  echo "postgres: creating cluster $ver/main"
  pg_createcluster "$ver" main 3>&-
fi
if ! pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  if ! pg_ctlcluster --skip-systemctl-redirect "$ver" main start 3>&-; then
    # A machine stopped mid-run leaves lock files behind (postmaster.pid, the
    # socket's .lock) whose pids may now belong to unrelated processes, and
    # PostgreSQL then refuses to start. A lock is stale when its pid is not a
    # running postgres process; remove those and retry.
    sleep 2 # let the children of a killed server exit
    for f in "/var/lib/postgresql/$ver/main/postmaster.pid" /var/run/postgresql/.s.PGSQL.*.lock; do
      [ -f "$f" ] || continue
      pid=$(head -n 1 "$f" | tr -dc 0-9)
      if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != postgres ]; then
        echo "postgres: removing stale $f (pid ${pid:-none} is not a running postgres)"
        rm -f "$f"
      fi
    done
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start 3>&- ||
      echo "postgres: cluster $ver/main still did not start; trying to connect anyway"
  fi
fi
ok=
for i in $(seq 1 30); do
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then ok=1; break; fi
  sleep 1
done
if [ -z "$ok" ]; then
  echo "postgres: server did not answer within 30 s; log follows"
  tail -n 30 "/var/log/postgresql/postgresql-$ver-main.log" || true
  exit 1
fi
su postgres -c "psql -qAtc \"ALTER USER postgres PASSWORD 'privgraph'\"" >/dev/null
for db in privgraph_test privgraph_dev; do
  su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 ||
    su postgres -c "createdb $db"
done

echo "export PRIVGRAPH_TEST_POSTGRES='postgres://postgres:privgraph@127.0.0.1:5432/privgraph_test?sslmode=disable'" >&3
echo "export PRIVGRAPH_DEV_POSTGRES='postgres://postgres:privgraph@127.0.0.1:5432/privgraph_dev?sslmode=disable'" >&3
