#!/bin/sh
# One-shot (service temporal-admin-tools): creates Temporal's databases and brings their schemas up to
# the version the admin-tools image ships. Safe to run again: update-schema only applies what is missing.
set -eu

: "${POSTGRES_SEEDS:=postgresql}" "${DB_PORT:=5432}" "${POSTGRES_USER:=postgres}" "${POSTGRES_PWD:=postgres}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

echo "waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT}"
until nc -z "${POSTGRES_SEEDS}" "${DB_PORT}"; do sleep 1; done

sql() {
  SQL_PASSWORD="${POSTGRES_PWD}" temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -p "${DB_PORT}" \
    -u "${POSTGRES_USER}" "$@"
}

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) schema="${SCHEMA_DIR}/temporal/versioned" ;;
    *)        schema="${SCHEMA_DIR}/visibility/versioned" ;;
  esac
  sql --db "$db" create
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "$schema"
done
echo "Temporal schemas are up to date"
