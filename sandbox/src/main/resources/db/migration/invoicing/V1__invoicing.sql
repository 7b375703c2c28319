CREATE TABLE billing_plans (
    id             TEXT PRIMARY KEY,
    external_ref   TEXT,
    customer_ref   TEXT        NOT NULL,
    project_ref    TEXT        NOT NULL,
    billing_model  TEXT        NOT NULL,
    currency       TEXT        NOT NULL,
    billing_period TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    voided_at      TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE invoice_number_seq START 1001;

CREATE TABLE invoices (
    id              TEXT PRIMARY KEY,
    billing_plan_id TEXT           NOT NULL REFERENCES billing_plans (id),
    number          TEXT UNIQUE,
    currency        TEXT           NOT NULL,
    issue_date      DATE           NOT NULL,
    due_date        DATE           NOT NULL,
    status          TEXT           NOT NULL,
    lines           JSONB          NOT NULL,
    total           NUMERIC(19, 2) NOT NULL,
    amount_paid     NUMERIC(19, 2) NOT NULL DEFAULT 0,
    finalized_at    TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    voided_at       TIMESTAMPTZ,
    paid_at         TIMESTAMPTZ,
    correlation_id  TEXT,
    created_at      TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX invoices_plan ON invoices (billing_plan_id);

CREATE TABLE payments (
    id             TEXT PRIMARY KEY,
    invoice_id     TEXT           NOT NULL REFERENCES invoices (id),
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    reference      TEXT,
    received_on    DATE           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX payments_invoice ON payments (invoice_id);
