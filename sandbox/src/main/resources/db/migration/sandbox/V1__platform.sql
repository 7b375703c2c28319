CREATE TABLE idempotency_records (
    system            TEXT        NOT NULL,
    idempotency_key   TEXT        NOT NULL,
    request_hash      TEXT        NOT NULL,
    method            TEXT        NOT NULL,
    path              TEXT        NOT NULL,
    response_status   INT,
    content_type      TEXT,
    location          TEXT,
    response_body     BYTEA,
    correlation_id    TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (system, idempotency_key)
);

CREATE TABLE faults (
    id                  TEXT PRIMARY KEY,
    system              TEXT        NOT NULL,
    operation           TEXT        NOT NULL,
    mode                TEXT        NOT NULL,
    times               INT,
    remaining           INT,
    status              INT,
    latency_ms          INT,
    retry_after_seconds INT,
    hits                INT         NOT NULL DEFAULT 0,
    correlation_id      TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX faults_system_operation ON faults (system, operation);

-- Transactional outbox of webhook events: written with the business change, delivered at least once.
CREATE TABLE events (
    id               TEXT PRIMARY KEY,
    system           TEXT        NOT NULL,
    type             TEXT        NOT NULL,
    body             TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'PENDING',
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    delivered_at     TIMESTAMPTZ,
    correlation_id   TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_pending ON events (next_attempt_at) WHERE status = 'PENDING';
