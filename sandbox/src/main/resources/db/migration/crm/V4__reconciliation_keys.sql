-- Keyset pages for a reconciliation: opportunities by id in byte order, as KeyRange reads them.
CREATE INDEX opportunities_id_c ON opportunities (id COLLATE "C");
