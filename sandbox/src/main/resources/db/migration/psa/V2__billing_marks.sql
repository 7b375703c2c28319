-- Billing marks: an approved entry is billed to at most one invoice (by the invoicing platform's reference).
ALTER TABLE time_entries ADD COLUMN billed_invoice_ref TEXT, ADD COLUMN billed_at TIMESTAMPTZ;
ALTER TABLE expenses ADD COLUMN billed_invoice_ref TEXT, ADD COLUMN billed_at TIMESTAMPTZ;
CREATE INDEX time_entries_project_order ON time_entries (project_id, entry_date, created_at, id);
CREATE INDEX expenses_project_order ON expenses (project_id, expense_date, created_at, id);
CREATE INDEX time_entries_billed_invoice ON time_entries (billed_invoice_ref) WHERE billed_invoice_ref IS NOT NULL;
CREATE INDEX expenses_billed_invoice ON expenses (billed_invoice_ref) WHERE billed_invoice_ref IS NOT NULL;
