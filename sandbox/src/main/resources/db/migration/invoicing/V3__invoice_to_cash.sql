-- Invoice-to-cash: customer rejections, dunning reminders, credit memos.
ALTER TABLE invoices ADD COLUMN rejection_reason TEXT,
                     ADD COLUMN rejected_at TIMESTAMPTZ,
                     ADD COLUMN credited_amount NUMERIC(19, 2) NOT NULL DEFAULT 0;

CREATE TABLE reminders (
    id             TEXT PRIMARY KEY,
    invoice_id     TEXT        NOT NULL REFERENCES invoices (id),
    number         INTEGER     NOT NULL,
    stage          INTEGER     NOT NULL,
    note           TEXT,
    sent_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (invoice_id, stage),
    UNIQUE (invoice_id, number)
);

CREATE SEQUENCE credit_memo_number_seq START 1001;

CREATE TABLE credit_memos (
    id             TEXT PRIMARY KEY,
    invoice_id     TEXT           NOT NULL REFERENCES invoices (id),
    number         TEXT           NOT NULL UNIQUE,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    reason         TEXT           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX credit_memos_invoice ON credit_memos (invoice_id);
