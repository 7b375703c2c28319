-- Project budget (changeable with PATCH, like the name and end date).
ALTER TABLE projects ADD COLUMN budget_amount NUMERIC(19, 2), ADD COLUMN budget_hours NUMERIC(9, 2);
