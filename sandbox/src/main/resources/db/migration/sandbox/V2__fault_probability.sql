-- A fault may act on a share of the matching calls only (chaos soak: 30 % of every call fails): NULL = every call.
ALTER TABLE faults ADD COLUMN probability DOUBLE PRECISION;
