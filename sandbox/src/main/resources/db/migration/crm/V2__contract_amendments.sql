-- Amendments to a won opportunity's contract terms, numbered 1, 2, 3... per opportunity.
CREATE TABLE contract_amendments (
    id                      TEXT PRIMARY KEY,
    opportunity_id          TEXT           NOT NULL REFERENCES opportunities (id),
    number                  INT            NOT NULL,
    effective_from          DATE           NOT NULL,
    rate_card               JSONB,
    cap_amount              NUMERIC(19, 2),
    end_date                DATE,
    milestones              JSONB,
    retainer_monthly_amount NUMERIC(19, 2),
    reason                  TEXT,
    correlation_id          TEXT,
    created_at              TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (opportunity_id, number)
);
