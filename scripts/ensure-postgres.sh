#!/usr/bin/env bash
# Makes sure the machine's Postgres answers on 127.0.0.1:5432 with a `test` database that
# root can use (trust auth), installing or starting it when it is not. Used by .ci/run.
set -euo pipefail
HOST=127.0.0.1 PORT=5432 DB=${1:-test}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_isready -q -h "$HOST" -p "$PORT"; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "ensure-postgres: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 50); do pg_isready -q -h "$HOST" -p "$PORT" && break; sleep 0.2; done
fi

as_postgres() { su postgres -s /bin/sh -c "$1"; }
if ! psql -h "$HOST" -p "$PORT" -U root -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  # A fresh install has no root role and asks for passwords on TCP: make it like the CI machine.
  as_postgres "psql -Atc \"select 1 from pg_roles where rolname='root'\" | grep -q 1 || createuser -s root"
  hba=$(as_postgres "psql -Atc 'show hba_file'")
  grep -q '^host all root 127.0.0.1/32 trust' "$hba" || sed -i '1i host all root 127.0.0.1/32 trust' "$hba"
  as_postgres "psql -Atc 'select pg_reload_conf()'" >/dev/null
fi
psql -h "$HOST" -p "$PORT" -U root -d postgres -Atc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
  || psql -h "$HOST" -p "$PORT" -U root -d postgres -qc "create database \"$DB\""
echo "ensure-postgres: postgres://root@$HOST:$PORT/$DB is ready"
