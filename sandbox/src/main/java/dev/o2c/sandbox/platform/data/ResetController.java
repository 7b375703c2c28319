package dev.o2c.sandbox.platform.data;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /sandbox/v1/reset}: deletes every object of every system, every fault, event and idempotency record,
 * then seeds the demo data again. Reference data (ERP legal entities, SEEDED exchange and
 * tax rates) stays; ADMIN rates set through {@code /sandbox/v1/erp/...} are deleted.
 */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
public class ResetController {

    private final JdbcClient jdbc;
    private final DemoSeeder seeder;

    public ResetController(JdbcClient jdbc, DemoSeeder seeder) {
        this.jdbc = jdbc;
        this.seeder = seeder;
    }

    @PostMapping("/sandbox/v1/reset")
    public Map<String, String> reset() {
        jdbc.sql("""
                TRUNCATE crm.tasks, crm.contacts, crm.contract_amendments, crm.opportunity_invoices, crm.opportunities, crm.accounts,
                         psa.time_entries, psa.expenses, psa.milestones, psa.projects,
                         erp.receivable_payments, erp.receivable_credits, erp.receivable_write_offs, erp.receivables, erp.revenue_entries, erp.projects, erp.customers,
                         invoicing.payments, invoicing.reminders, invoicing.credit_memos, invoicing.invoice_line_refs, invoicing.invoices, invoicing.billing_plans,
                         sandbox.faults, sandbox.events, sandbox.idempotency_records
                """).update();
        jdbc.sql("DELETE FROM erp.exchange_rates WHERE source = 'ADMIN'").update();
        jdbc.sql("DELETE FROM erp.tax_rates WHERE source = 'ADMIN'").update();
        seeder.seed();
        return Map.of("status", "reset");
    }
}
