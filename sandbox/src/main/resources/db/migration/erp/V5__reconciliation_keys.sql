-- Keyset pages for a reconciliation: receivables by invoice ref in byte order (COLLATE "C"), as KeyRange reads them.
CREATE INDEX receivables_invoice_ref_c ON receivables (invoice_ref COLLATE "C", id COLLATE "C");
CREATE INDEX projects_external_ref_c ON projects (external_ref COLLATE "C", id COLLATE "C");
