-- The status of each invoice o2c raised for a won opportunity, synced by o2c so sales sees the customer's payments.
CREATE TABLE opportunity_invoices (
    id             TEXT PRIMARY KEY,
    opportunity_id TEXT           NOT NULL REFERENCES opportunities (id),
    invoice_ref    TEXT           NOT NULL,
    status         TEXT           NOT NULL,
    total          NUMERIC(19, 2) NOT NULL,
    balance        NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    due_date       DATE,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (opportunity_id, invoice_ref)
);
