-- Invoices: an external ref (e.g. the billing run), subtotal and tax total next to the total (= subtotal + tax).
ALTER TABLE invoices ADD COLUMN external_ref TEXT,
                     ADD COLUMN subtotal NUMERIC(19, 2),
                     ADD COLUMN tax_total NUMERIC(19, 2) NOT NULL DEFAULT 0;
UPDATE invoices SET subtotal = total;
ALTER TABLE invoices ALTER COLUMN subtotal SET NOT NULL;
CREATE INDEX invoices_external_ref ON invoices (external_ref);

-- Billing plans: the commercial terms a billing run needs, changeable with PATCH.
ALTER TABLE billing_plans ADD COLUMN cap_amount NUMERIC(19, 2),
                          ADD COLUMN end_date DATE,
                          ADD COLUMN retainer_monthly_amount NUMERIC(19, 2);
