#!/usr/bin/env bash
# Make a local PostgreSQL server ready for `make test-postgres`: Debian's package, installed and
# started when missing, with a role that may create the test database. Needs root.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "make postgres needs root (it installs and starts Debian's postgresql)." >&2
    exit 1
fi
# A machine may have the client (psql) and even postgresql-common without any server cluster.
if ! pg_lsclusters --no-header 2>/dev/null | grep -q .; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster _ < <(pg_lsclusters --no-header)
pg_ctlcluster "$version" "$cluster" status >/dev/null || pg_ctlcluster "$version" "$cluster" start

sql() { (cd / && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA -c "$1"); }
if [ "$(sql "SELECT 1 FROM pg_roles WHERE rolname = 'httpstatus'")" != 1 ]; then
    sql "CREATE ROLE httpstatus LOGIN CREATEDB PASSWORD 'httpstatus'"
fi
if [ "$(sql "SELECT 1 FROM pg_database WHERE datname = 'httpstatus'")" != 1 ]; then
    sql "CREATE DATABASE httpstatus OWNER httpstatus"
fi
echo "PostgreSQL $version/$cluster is ready: postgres://httpstatus:httpstatus@127.0.0.1:5432/httpstatus"
