-- Project statuses for billing: ACTIVE, ON_HOLD, CLOSED, CANCELLED (status is free text; no CHECK constraint to
-- widen). A closed project records when it was closed, as a cancelled one does.
ALTER TABLE projects ADD COLUMN closed_at TIMESTAMPTZ;
