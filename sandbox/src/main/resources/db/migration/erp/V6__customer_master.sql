-- Customer master data: an optimistic version (PATCH /customers/{id} with expectedVersion), a credit limit (owned by
-- the ERP, never written by the integration), and last_synced: the CRM-owned attributes as the integration last wrote
-- them, so it can tell a change made in the ERP since (a conflict) from a change made in the CRM.
ALTER TABLE customers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN credit_limit NUMERIC(15, 2);
ALTER TABLE customers ADD COLUMN last_synced JSONB;
UPDATE customers SET last_synced = jsonb_build_object('name', name, 'taxId', tax_id, 'billingAddress', billing_address);
