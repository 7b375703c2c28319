-- Billing runs (project-to-billing): a run's entries never enter Temporal history. BillingActivities pages them from
-- the PSA into billing_run_row, rates, converts, groups and prices them here into billing_run_line, and sends the
-- lines to the invoicing platform. Keyed by the run's workflow id; an attempt of the same run replaces its rows.

create table billing_run_row (
    run_id             text          not null,
    kind               text          not null check (kind in ('TIME', 'EXPENSE', 'MILESTONE', 'FEE', 'RETAINER')),
    source_id          text          not null,  -- PSA id (tim_, exp_, mil_) or instalment id (FEE-2026-03)
    entry_date         date          not null,  -- entry date; milestone completion; instalment's last day
    role               text,                    -- TIME
    category           text,                    -- EXPENSE
    name               text,                    -- MILESTONE name
    quantity           numeric       not null,  -- hours (TIME), 1 otherwise
    unit_price         numeric(19, 2),          -- hourly rate (TIME); null = unrated
    amount             numeric(19, 2),          -- net in the run's currency; null = unrated or not converted yet
    currency           text          not null,  -- currency of amount (the original one while not converted)
    original_amount    numeric(19, 2),          -- EXPENSE/MILESTONE at cost in its own currency
    original_currency  text,
    fx_rate            numeric(19, 8),          -- 1 original_currency = fx_rate currency (ERP rate of entry_date)
    group_key          text          not null,  -- the invoice line it goes on: TIME|role|YYYY-MM|rate, EXPENSE|category|YYYY-MM, KIND|source_id
    held               boolean       not null default false,  -- held back by the cap (stays unbilled)
    primary key (run_id, kind, source_id)
);

-- The run's priced invoice lines (replaced by each price). A line's source refs are its rows: same run, group key
-- and chunk (a group of more than the platform's source refs per line is split in chunks, by source id).
create table billing_run_line (
    run_id             text          not null,
    line_no            integer       not null,
    kind               text          not null,
    group_key          text          not null,
    chunk              integer       not null default 0,
    description        text          not null,
    quantity           numeric       not null,
    unit_price         numeric(19, 2) not null,
    amount             numeric(19, 2) not null,
    tax_rate_percent   numeric(7, 4) not null,
    tax_amount         numeric(19, 2) not null,
    currency           text          not null,
    entries            integer       not null,
    primary key (run_id, line_no)
);
