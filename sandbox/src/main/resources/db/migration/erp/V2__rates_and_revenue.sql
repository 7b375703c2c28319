-- Reference data: exchange rates and tax rates, effective-dated. SEEDED rows are the same in every environment;
-- ADMIN rows come from POST /sandbox/v1/erp/... and are deleted by POST /sandbox/v1/reset.
CREATE TABLE exchange_rates (
    from_currency  TEXT           NOT NULL,
    to_currency    TEXT           NOT NULL,
    effective_from DATE           NOT NULL,
    rate           NUMERIC(19, 8) NOT NULL CHECK (rate > 0),
    source         TEXT           NOT NULL DEFAULT 'SEEDED',
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (from_currency, to_currency, effective_from)
);

INSERT INTO exchange_rates (from_currency, to_currency, effective_from, rate) VALUES
    ('EUR', 'USD', '2025-01-01', 1.04000000), ('EUR', 'USD', '2026-01-01', 1.17000000),
    ('USD', 'EUR', '2025-01-01', 0.96153846), ('USD', 'EUR', '2026-01-01', 0.85470085),
    ('EUR', 'GBP', '2025-01-01', 0.83000000), ('EUR', 'GBP', '2026-01-01', 0.87000000),
    ('GBP', 'EUR', '2025-01-01', 1.20481928), ('GBP', 'EUR', '2026-01-01', 1.14942529),
    ('GBP', 'USD', '2025-01-01', 1.25000000), ('GBP', 'USD', '2026-01-01', 1.34500000),
    ('USD', 'GBP', '2025-01-01', 0.80000000), ('USD', 'GBP', '2026-01-01', 0.74349442);

-- country '*' is the legal entity's rate for any country without its own row.
CREATE TABLE tax_rates (
    legal_entity   TEXT          NOT NULL REFERENCES legal_entities (code),
    country        TEXT          NOT NULL,
    effective_from DATE          NOT NULL,
    rate_percent   NUMERIC(7, 4) NOT NULL CHECK (rate_percent >= 0 AND rate_percent < 100),
    tax_code       TEXT          NOT NULL,
    source         TEXT          NOT NULL DEFAULT 'SEEDED',
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (legal_entity, country, effective_from)
);

INSERT INTO tax_rates (legal_entity, country, effective_from, rate_percent, tax_code) VALUES
    ('O2C-DE', 'DE', '2020-01-01', 19.0000, 'DE-VAT-STD'),
    ('O2C-DE', '*',  '2020-01-01',  0.0000, 'DE-REVERSE-CHARGE'),
    ('O2C-UK', 'GB', '2020-01-01', 20.0000, 'GB-VAT-STD'),
    ('O2C-UK', '*',  '2020-01-01',  0.0000, 'GB-OUTSIDE-SCOPE'),
    ('O2C-US', 'US', '2020-01-01',  0.0000, 'US-SERVICES-EXEMPT'),
    ('O2C-US', '*',  '2020-01-01',  0.0000, 'US-EXPORT');

CREATE TABLE revenue_entries (
    id             TEXT PRIMARY KEY,
    project_id     TEXT           NOT NULL REFERENCES projects (id),
    period         TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    method         TEXT           NOT NULL,
    source_ref     TEXT           NOT NULL,
    description    TEXT,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (project_id, period, source_ref)
);

CREATE INDEX receivables_invoice_ref ON receivables (invoice_ref);
