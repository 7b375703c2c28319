-- ERP project terms changeable with PATCH.
ALTER TABLE projects ADD COLUMN end_date DATE, ADD COLUMN contract_amount NUMERIC(19, 2);
