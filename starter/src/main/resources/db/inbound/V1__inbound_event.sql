-- The inbound event ledger (docs/contracts.md, "Webhooks"): every webhook that can be keyed, recorded before it is
-- answered. Owned and migrated by the starter (database o2c_inbound), separate from the worker's ledger.
CREATE TABLE inbound_event (
    system           text        NOT NULL,
    event_id         text        NOT NULL,
    type             text,
    -- VALID, INVALID (signature), STALE (timestamp), SYSTEM_MISMATCH (the body speaks for another system)
    verdict          text        NOT NULL,
    -- RECEIVED (being routed), STARTED, ROUTED, DUPLICATE, UNMANAGED, REFUSED (answered 4xx), FAILED (answered 5xx)
    status           text        NOT NULL,
    -- the WebhookReceipt outcome (started, routed, applied, …) or the problem type of a refusal
    outcome          text,
    routed_to        text,
    run_id           text,
    reason           text,
    correlation_id   text,
    received_at      timestamptz NOT NULL,
    last_delivery_at timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 1,
    replays          integer     NOT NULL DEFAULT 0,
    replayed_by      text,
    replayed_at      timestamptz,
    -- the verified body; null when the signature did not verify (never trusted, never kept)
    payload          jsonb,
    PRIMARY KEY (system, event_id),
    CONSTRAINT inbound_event_verdict CHECK (verdict IN ('VALID', 'INVALID', 'STALE', 'SYSTEM_MISMATCH')),
    CONSTRAINT inbound_event_status CHECK (status IN ('RECEIVED', 'STARTED', 'ROUTED', 'DUPLICATE', 'UNMANAGED',
                                                      'REFUSED', 'FAILED'))
);

-- the list: newest first, optionally by status
CREATE INDEX inbound_event_received ON inbound_event (received_at DESC, system DESC, event_id DESC);
CREATE INDEX inbound_event_status_received ON inbound_event (status, received_at DESC);
