#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d): hostflow's
# own database and user beside Temporal's. hostflow's processes create its tables themselves
# (migrations at startup); they never touch Temporal's databases, and Temporal never touches this one.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v hostflow_password="$HOSTFLOW_DB_PASSWORD" <<'SQL'
CREATE ROLE hostflow LOGIN PASSWORD :'hostflow_password';
CREATE DATABASE hostflow OWNER hostflow;
REVOKE ALL ON DATABASE hostflow FROM PUBLIC;
SQL
