-- o2c_reader: the role the starter reads the ledger as (issue 10). It may only SELECT, on today's tables and on every
-- table later migrations create (default privileges of the migrating role). Its password is the Flyway placeholder
-- readerpassword, from the worker's O2C_DB_READER_PASSWORD (no single quotes in it). A role belongs to the whole
-- server: when o2c_reader exists already (another database on the same server) it is kept as it is, password
-- included; change that with ALTER ROLE o2c_reader PASSWORD '...'.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'o2c_reader') THEN
        CREATE ROLE o2c_reader LOGIN PASSWORD '${readerpassword}'
            NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
EXCEPTION
    -- created by a migration of another database at the same moment
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO o2c_reader', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO o2c_reader', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO o2c_reader', current_schema());
END
$$;
