-- Keyset pages for a reconciliation: lists ordered by their join key in byte order (COLLATE "C"), so that every
-- system orders the same keys the same way (see KeyRange).
CREATE INDEX invoices_id_c ON invoices (id COLLATE "C");
CREATE INDEX payments_invoice_c ON payments (invoice_id COLLATE "C", id COLLATE "C");
CREATE INDEX billing_plans_external_ref_c ON billing_plans (external_ref COLLATE "C", id COLLATE "C");
