-- created_ids is jsonb (ledger-query reads it with jsonb functions), and jsonb does not keep the order of its keys.
-- The order in which a process created its objects is worth keeping (it is the order of the saga's steps), so the
-- keys are also stored in insertion order: read created_ids in created_ids_order to rebuild the workflow's map.

alter table process add column created_ids_order text[] not null default '{}';
alter table process_run add column created_ids_order text[] not null default '{}';

-- rows written before: no order known, keep the jsonb key order
update process set created_ids_order = array(select jsonb_object_keys(created_ids));
update process_run set created_ids_order = array(select jsonb_object_keys(created_ids));
