-- What each invoice line bills, one row per source ref (a PSA entry id, a milestone id): the reconciliation's `work`
-- check reads it by ref range (GET /invoicing/v1/invoice-line-refs) instead of scanning every invoice's lines.
-- Written with the invoice; filled here for the invoices that exist.
CREATE TABLE invoice_line_refs (
    ref         TEXT    NOT NULL,
    invoice_id  TEXT    NOT NULL REFERENCES invoices (id),
    line_no     INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, line_no, ref)
);
CREATE INDEX invoice_line_refs_ref_c ON invoice_line_refs (ref COLLATE "C", invoice_id COLLATE "C");

INSERT INTO invoice_line_refs (ref, invoice_id, line_no)
SELECT DISTINCT r.ref, i.id, (l ->> 'lineNo')::int
  FROM invoices i, jsonb_array_elements(i.lines) l,
       jsonb_array_elements_text(COALESCE(l -> 'sourceRefs', '[]'::jsonb)) AS r(ref);
