#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installed by .ci/run) and creates the
# databases the tests and `make migration` use. Prints the DSN exports.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start
fi
for i in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"ALTER USER postgres PASSWORD 'privgraph'\"" >/dev/null
for db in privgraph_test privgraph_dev; do
  su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 ||
    su postgres -c "createdb $db"
done
echo "export PRIVGRAPH_TEST_POSTGRES='postgres://postgres:privgraph@127.0.0.1:5432/privgraph_test?sslmode=disable'"
echo "export PRIVGRAPH_DEV_POSTGRES='postgres://postgres:privgraph@127.0.0.1:5432/privgraph_dev?sslmode=disable'"
