CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    external_ref   TEXT,
    customer_ref   TEXT        NOT NULL,
    name           TEXT        NOT NULL,
    billing_model  TEXT        NOT NULL,
    currency       TEXT        NOT NULL,
    start_date     DATE,
    end_date       DATE,
    status         TEXT        NOT NULL,
    phases         JSONB       NOT NULL DEFAULT '[]',
    cancelled_at   TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX projects_external_ref ON projects (external_ref);

CREATE TABLE time_entries (
    id             TEXT PRIMARY KEY,
    project_id     TEXT          NOT NULL REFERENCES projects (id),
    person         TEXT          NOT NULL,
    role           TEXT          NOT NULL,
    entry_date     DATE          NOT NULL,
    hours          NUMERIC(7, 2) NOT NULL,
    task_name      TEXT,
    description    TEXT,
    status         TEXT          NOT NULL,
    approved_at    TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX time_entries_project ON time_entries (project_id);

CREATE TABLE expenses (
    id             TEXT PRIMARY KEY,
    project_id     TEXT           NOT NULL REFERENCES projects (id),
    expense_date   DATE           NOT NULL,
    category       TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    description    TEXT,
    status         TEXT           NOT NULL,
    approved_at    TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX expenses_project ON expenses (project_id);

CREATE TABLE milestones (
    id             TEXT PRIMARY KEY,
    project_id     TEXT           NOT NULL REFERENCES projects (id),
    name           TEXT           NOT NULL,
    amount         NUMERIC(19, 2) NOT NULL,
    currency       TEXT           NOT NULL,
    due_date       DATE,
    status         TEXT           NOT NULL,
    completed_at   TIMESTAMPTZ,
    correlation_id TEXT,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX milestones_project ON milestones (project_id);
