-- Receivables: credits (a credit memo in the invoicing platform), write-offs, reversal of a voided invoice.
ALTER TABLE receivables ADD COLUMN reversed_at TIMESTAMPTZ,
                        ADD COLUMN reversal_reason TEXT;

CREATE TABLE receivable_credits (
    id             TEXT PRIMARY KEY,
    receivable_id  TEXT           NOT NULL REFERENCES receivables (id),
    credit_ref     TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    reason         TEXT           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (receivable_id, credit_ref)
);

CREATE TABLE receivable_write_offs (
    id             TEXT PRIMARY KEY,
    receivable_id  TEXT           NOT NULL REFERENCES receivables (id),
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    reason         TEXT           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX receivable_write_offs_receivable ON receivable_write_offs (receivable_id);
