-- Keyset pages for a reconciliation: projects by external ref (the opportunity id) in byte order, as KeyRange reads them.
CREATE INDEX projects_external_ref_c ON projects (external_ref COLLATE "C", id COLLATE "C");
