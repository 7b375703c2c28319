-- Demo data: idempotent (fixed ids, ON CONFLICT DO NOTHING). Loaded at startup and by POST /sandbox/v1/reset.
-- Rate cards carry two effective-dated versions; acc_demo_umbrella lacks finance attributes (tax id, payment
-- terms) and acc_demo_hooli lacks legal entity and billing address, so o2c parks their opportunities when won.

INSERT INTO crm.accounts (id, name, owner_email, legal_entity, currency, tax_id, billing_address, payment_terms_days, correlation_id) VALUES
 ('acc_demo_northwind', 'Northwind Traders Inc.', 'ava.sales@o2c.dev', 'O2C-US', 'USD', 'US-12-3456789',
  '{"line1": "500 Market Street", "line2": "Suite 1200", "city": "San Francisco", "postalCode": "94105", "region": "CA", "country": "US"}', 30, 'seed'),
 ('acc_demo_globex', 'Globex Ltd', 'ben.sales@o2c.dev', 'O2C-UK', 'GBP', 'GB123456789',
  '{"line1": "1 Canada Square", "line2": null, "city": "London", "postalCode": "E14 5AB", "region": null, "country": "GB"}', 45, 'seed'),
 ('acc_demo_initech', 'Initech GmbH', 'clara.sales@o2c.dev', 'O2C-DE', 'EUR', 'DE123456789',
  '{"line1": "Friedrichstraße 100", "line2": null, "city": "Berlin", "postalCode": "10117", "region": "BE", "country": "DE"}', 30, 'seed'),
 ('acc_demo_umbrella', 'Umbrella Health Corp.', 'dan.sales@o2c.dev', 'O2C-US', 'USD', NULL,
  '{"line1": "42 Raccoon Road", "line2": null, "city": "Austin", "postalCode": "73301", "region": "TX", "country": "US"}', NULL, 'seed'),
 ('acc_demo_hooli', 'Hooli Europe B.V.', 'eve.sales@o2c.dev', NULL, 'EUR', 'NL123456789B01', NULL, 60, 'seed')
ON CONFLICT (id) DO NOTHING;

INSERT INTO crm.contacts (id, account_id, name, email, phone, title, is_primary, correlation_id) VALUES
 ('con_demo_northwind_ap', 'acc_demo_northwind', 'Nora Payable', 'ap@northwind.example', '+1 415 555 0100', 'AP Manager', true, 'seed'),
 ('con_demo_globex_cfo', 'acc_demo_globex', 'Gordon Finance', 'cfo@globex.example', '+44 20 7946 0000', 'CFO', true, 'seed'),
 ('con_demo_initech_pm', 'acc_demo_initech', 'Ida Projekt', 'pm@initech.example', '+49 30 123456', 'PMO Lead', true, 'seed')
ON CONFLICT (id) DO NOTHING;

INSERT INTO crm.opportunities (id, account_id, name, stage, amount, currency, billing_model, start_date, end_date, cap_amount,
    rate_card, milestones, retainer_monthly_amount, work_breakdown, correlation_id) VALUES
 ('opp_demo_tm_northwind', 'acc_demo_northwind', 'Northwind data platform build', 'OPEN', 120000.00, 'USD', 'TIME_AND_MATERIALS',
  '2026-01-05', '2026-12-18', 150000.00,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "150.00"}, {"role": "Architect", "hourlyRate": "210.00"}, {"role": "Project Manager", "hourlyRate": "140.00"}]},
                 {"effectiveFrom": "2026-07-01", "rates": [{"role": "Engineer", "hourlyRate": "160.00"}, {"role": "Architect", "hourlyRate": "225.00"}, {"role": "Project Manager", "hourlyRate": "150.00"}]}]}',
  NULL, NULL,
  '{"phases": [{"name": "Discovery", "tasks": [{"name": "Stakeholder interviews", "estimateHours": "40"}, {"name": "Architecture", "estimateHours": "80"}]},
               {"name": "Build", "tasks": [{"name": "Ingestion pipelines", "estimateHours": "320"}, {"name": "Reporting", "estimateHours": "160"}]}]}',
  'seed'),
 ('opp_demo_fixed_globex', 'acc_demo_globex', 'Globex ERP health check', 'OPEN', 80000.00, 'GBP', 'FIXED_FEE',
  '2026-02-02', '2026-05-29', NULL,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Consultant", "hourlyRate": "120.00"}, {"role": "Senior Consultant", "hourlyRate": "160.00"}]},
                 {"effectiveFrom": "2026-04-01", "rates": [{"role": "Consultant", "hourlyRate": "125.00"}, {"role": "Senior Consultant", "hourlyRate": "170.00"}]}]}',
  '[{"name": "Kick-off", "amount": "20000.00", "dueDate": "2026-02-02"}, {"name": "Final report", "amount": "60000.00", "dueDate": "2026-05-29"}]',
  NULL,
  '{"phases": [{"name": "Assessment", "tasks": [{"name": "Process review", "estimateHours": "200"}, {"name": "Recommendations", "estimateHours": "120"}]}]}',
  'seed'),
 ('opp_demo_milestone_initech', 'acc_demo_initech', 'Initech customer portal', 'OPEN', 240000.00, 'EUR', 'MILESTONE',
  '2026-03-02', '2026-11-27', NULL,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "130.00"}, {"role": "Designer", "hourlyRate": "115.00"}]},
                 {"effectiveFrom": "2026-09-01", "rates": [{"role": "Engineer", "hourlyRate": "138.00"}, {"role": "Designer", "hourlyRate": "120.00"}]}]}',
  '[{"name": "Design sign-off", "amount": "60000.00", "dueDate": "2026-04-30"}, {"name": "Beta release", "amount": "100000.00", "dueDate": "2026-08-31"}, {"name": "Go-live", "amount": "80000.00", "dueDate": "2026-11-27"}]',
  NULL,
  '{"phases": [{"name": "Design", "tasks": [{"name": "UX research", "estimateHours": "120"}]}, {"name": "Delivery", "tasks": [{"name": "Portal build", "estimateHours": "900"}, {"name": "Go-live support", "estimateHours": "80"}]}]}',
  'seed'),
 ('opp_demo_retainer_globex', 'acc_demo_globex', 'Globex managed analytics retainer', 'OPEN', 120000.00, 'GBP', 'RETAINER',
  '2026-01-01', '2026-12-31', NULL,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Analyst", "hourlyRate": "95.00"}]},
                 {"effectiveFrom": "2026-07-01", "rates": [{"role": "Analyst", "hourlyRate": "100.00"}]}]}',
  NULL, 10000.00,
  '{"phases": [{"name": "Run", "tasks": [{"name": "Monthly analytics", "estimateHours": "960"}]}]}',
  'seed'),
 ('opp_demo_tm_umbrella', 'acc_demo_umbrella', 'Umbrella claims automation', 'OPEN', 90000.00, 'USD', 'TIME_AND_MATERIALS',
  '2026-02-16', '2026-08-28', 100000.00,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Engineer", "hourlyRate": "145.00"}]},
                 {"effectiveFrom": "2026-06-01", "rates": [{"role": "Engineer", "hourlyRate": "155.00"}]}]}',
  NULL, NULL,
  '{"phases": [{"name": "Automation", "tasks": [{"name": "Claims bots", "estimateHours": "600"}]}]}',
  'seed'),
 ('opp_demo_fixed_hooli', 'acc_demo_hooli', 'Hooli security review', 'OPEN', 45000.00, 'EUR', 'FIXED_FEE',
  '2026-04-06', '2026-06-26', NULL,
  '{"versions": [{"effectiveFrom": "2026-01-01", "rates": [{"role": "Security Consultant", "hourlyRate": "180.00"}]},
                 {"effectiveFrom": "2026-05-01", "rates": [{"role": "Security Consultant", "hourlyRate": "190.00"}]}]}',
  '[{"name": "Report delivered", "amount": "45000.00", "dueDate": "2026-06-26"}]', NULL,
  '{"phases": [{"name": "Review", "tasks": [{"name": "Penetration test", "estimateHours": "200"}]}]}',
  'seed')
ON CONFLICT (id) DO NOTHING;
