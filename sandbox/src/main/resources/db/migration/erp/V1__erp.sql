CREATE TABLE legal_entities (
    code       TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    currency   TEXT        NOT NULL,
    country    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Reference data, not demo data: every environment has these three entities.
INSERT INTO legal_entities (code, name, currency, country) VALUES
    ('O2C-US', 'O2C Services Inc.', 'USD', 'US'),
    ('O2C-UK', 'O2C Services Ltd', 'GBP', 'GB'),
    ('O2C-DE', 'O2C Services GmbH', 'EUR', 'DE');

CREATE TABLE customers (
    id                 TEXT PRIMARY KEY,
    external_id        TEXT        NOT NULL UNIQUE,
    name               TEXT        NOT NULL,
    legal_entity       TEXT        NOT NULL REFERENCES legal_entities (code),
    tax_id             TEXT        NOT NULL,
    currency           TEXT        NOT NULL,
    billing_address    JSONB       NOT NULL,
    payment_terms_days INT         NOT NULL,
    status             TEXT        NOT NULL,
    deactivated_at     TIMESTAMPTZ,
    correlation_id     TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    external_ref   TEXT,
    customer_id    TEXT        NOT NULL REFERENCES customers (id),
    name           TEXT        NOT NULL,
    currency       TEXT        NOT NULL,
    revenue_method TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    closed_at      TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE receivables (
    id             TEXT PRIMARY KEY,
    customer_id    TEXT           NOT NULL REFERENCES customers (id),
    invoice_ref    TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    balance        NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    due_date       DATE           NOT NULL,
    status         TEXT           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);

CREATE TABLE receivable_payments (
    id             TEXT PRIMARY KEY,
    receivable_id  TEXT           NOT NULL REFERENCES receivables (id),
    payment_ref    TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    received_on    DATE           NOT NULL,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX receivable_payments_receivable ON receivable_payments (receivable_id);
