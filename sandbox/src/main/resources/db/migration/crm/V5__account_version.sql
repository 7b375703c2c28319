-- Customer master data: every PATCH of an account bumps its version and emits account.updated (with the version), so
-- a reader can tell an old event from the account's current state.
ALTER TABLE accounts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
