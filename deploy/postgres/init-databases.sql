-- Runs once, when the postgresql volume is first initialised (docker-entrypoint-initdb.d).
-- One server, one database per owner (docs/contracts.md); Temporal's two databases are created by
-- temporal-admin-tools (deploy/temporal/setup-postgres.sh).
SELECT 'CREATE DATABASE sandbox' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'sandbox')\gexec
SELECT 'CREATE DATABASE o2c' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'o2c')\gexec
-- the starter's inbound event ledger (the starter migrates it)
SELECT 'CREATE DATABASE o2c_inbound' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'o2c_inbound')\gexec
