-- Runs of a process. A workflow id may run again after it ended ABORTED or COMPENSATED (a deal fixed at the source
-- and provisioned again) or LOST (its Temporal server no longer has it): each run is one incarnation.
-- process keeps the newest run (what lists show); process_run keeps every run, for GET /processes/{id}.

alter table process add column incarnation integer not null default 1;

create table process_run (
    workflow_id        text        not null,
    run_id             text        not null,
    incarnation        integer     not null default 1,
    process_type       text        not null,
    business_key       text        not null,
    status             text        not null,
    correlation_id     text,
    current_step       text,
    detail             text,
    created_ids        jsonb       not null default '{}'::jsonb,
    started_at         timestamptz not null,
    updated_at         timestamptz not null,
    -- workflow time (epoch millis) of the last transition applied to this run
    transition_at      bigint      not null default 0,
    primary key (workflow_id, run_id)
);
create index process_run_workflow on process_run (workflow_id, started_at desc);

-- every run recorded so far is the first incarnation of its workflow id
insert into process_run (workflow_id, run_id, incarnation, process_type, business_key, status, correlation_id,
                         current_step, detail, created_ids, started_at, updated_at, transition_at)
select workflow_id, coalesce(run_id, ''), 1, process_type, business_key, status, correlation_id, current_step, detail,
       created_ids, started_at, updated_at, transition_at
from process;
