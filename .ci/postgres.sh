#!/usr/bin/env bash
# Installs PostgreSQL 15 + PostGIS 3 from Debian 12's packages, starts the
# cluster and creates the incidentmap role and database with PostGIS enabled.
# Idempotent: safe to run again on a machine where it already ran. Run as root.
# Progress goes to stderr; stdout is one line for the caller to eval:
#
#   eval "$(.ci/postgres.sh)"   # sets INCIDENTMAP_TEST_POSTGRES
set -euo pipefail
exec 3>&1 1>&2

PGVER=15
DB=incidentmap
ROLE=incidentmap
ADMIN=incidentmap_admin
PASS=incidentmap
PORT=5432

# Nothing this script starts may hold fd 3 (the caller's $(...) pipe: the
# caller would wait for it forever) or the caller's output (a CI log pipe
# would stay open after the run).
if ! dpkg -s "postgresql-$PGVER-postgis-3" >/dev/null 2>&1 || ! dpkg -s "postgresql-$PGVER" >/dev/null 2>&1; then
  echo "== installing postgresql-$PGVER and postgresql-$PGVER-postgis-3"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q 3>&-
  apt-get install -y -q --no-install-recommends postgresql "postgresql-$PGVER" "postgresql-$PGVER-postgis-3" 3>&-
  # The package may have started the cluster with apt's descriptors: stop
  # it, to start it cleanly below.
  if pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
    pg_ctlcluster "$PGVER" main stop </dev/null >/dev/null 2>&1 3>&- || true
  fi
fi

if ! pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main"' | grep -q .; then
  echo "== creating cluster $PGVER/main"
  pg_createcluster "$PGVER" main --port "$PORT" 3>&-
fi
if ! pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
  echo "== starting cluster $PGVER/main"
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
  # The server must not inherit any of this script's descriptors: fd 3 is
  # the caller's $(...) pipe, and a daemon holding it open makes the caller
  # wait forever; stdout/stderr would keep the CI log pipe open after the
  # run ends. It logs to its own file.
  pg_ctlcluster "$PGVER" main start </dev/null >/dev/null 2>&1 3>&- ||
    { tail -n 50 "/var/log/postgresql/postgresql-$PGVER-main.log" || true; exit 1; }
fi

# Wait until the server accepts connections.
for _ in $(seq 1 60); do
  if su postgres -c "pg_isready -q -p $PORT"; then break; fi
  sleep 0.5
done
su postgres -c "pg_isready -p $PORT"

psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -q -X -p $PORT $*"; }

echo "== role $ROLE, database $DB, extension postgis"
psql_su "-d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASS';
  ELSE
    ALTER ROLE $ROLE LOGIN PASSWORD '$PASS';
  END IF;
END
\$\$;
SQL
if [ "$(su postgres -c "psql -X -tA -p $PORT -d postgres -c \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"")" != 1 ]; then
  psql_su "-d postgres -c 'CREATE DATABASE $DB OWNER $ROLE'"
fi
# PostGIS is not a trusted extension, so the superuser creates it; the
# store's migration then finds it present. The role owns the public schema
# so tests can create their own schemas next to it.
psql_su "-d $DB" <<SQL
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
GRANT ALL ON DATABASE $DB TO $ROLE;
ALTER SCHEMA public OWNER TO $ROLE;
SQL

# A superuser for the tests that need a database without PostGIS
# (store/postgis TestExtensionsStayOutOfStoreSchemas creates and drops its
# own): only a superuser may create PostGIS there.
echo "== role $ADMIN (superuser, for tests that create databases)"
psql_su "-d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ADMIN') THEN
    CREATE ROLE $ADMIN LOGIN SUPERUSER PASSWORD '$PASS';
  ELSE
    ALTER ROLE $ADMIN LOGIN SUPERUSER PASSWORD '$PASS';
  END IF;
END
\$\$;
SQL

echo "export INCIDENTMAP_TEST_POSTGRES=postgres://$ROLE:$PASS@127.0.0.1:$PORT/$DB?sslmode=disable" >&3
echo "export INCIDENTMAP_TEST_POSTGRES_ADMIN=postgres://$ADMIN:$PASS@127.0.0.1:$PORT/postgres?sslmode=disable" >&3
