CREATE TABLE accounts (
    id                 TEXT PRIMARY KEY,
    name               TEXT        NOT NULL,
    owner_email        TEXT,
    legal_entity       TEXT,
    currency           TEXT,
    tax_id             TEXT,
    billing_address    JSONB,
    payment_terms_days INT,
    correlation_id     TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
    id             TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL REFERENCES accounts (id),
    name           TEXT        NOT NULL,
    email          TEXT,
    phone          TEXT,
    title          TEXT,
    is_primary     BOOLEAN     NOT NULL DEFAULT false,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account ON contacts (account_id);

CREATE TABLE opportunities (
    id                      TEXT PRIMARY KEY,
    account_id              TEXT          NOT NULL REFERENCES accounts (id),
    name                    TEXT          NOT NULL,
    stage                   TEXT          NOT NULL,
    amount                  NUMERIC(19, 2),
    currency                TEXT          NOT NULL,
    billing_model           TEXT          NOT NULL,
    start_date              DATE,
    end_date                DATE,
    cap_amount              NUMERIC(19, 2),
    rate_card               JSONB,
    milestones              JSONB,
    retainer_monthly_amount NUMERIC(19, 2),
    work_breakdown          JSONB,
    won_at                  TIMESTAMPTZ,
    lost_at                 TIMESTAMPTZ,
    lost_reason             TEXT,
    psa_project_id          TEXT,
    erp_customer_id         TEXT,
    erp_project_id          TEXT,
    billing_plan_id         TEXT,
    delivery_status         TEXT,
    delivery_updated_at     TIMESTAMPTZ,
    correlation_id          TEXT,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX opportunities_account ON opportunities (account_id);
CREATE INDEX opportunities_stage ON opportunities (stage);

CREATE TABLE tasks (
    id             TEXT PRIMARY KEY,
    account_id     TEXT        NOT NULL REFERENCES accounts (id),
    opportunity_id TEXT REFERENCES opportunities (id),
    subject        TEXT        NOT NULL,
    body           TEXT,
    assignee       TEXT,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX tasks_account ON tasks (account_id);
