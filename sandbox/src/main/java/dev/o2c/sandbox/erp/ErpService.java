package dev.o2c.sandbox.erp;

import dev.o2c.sandbox.erp.ErpModels.Customer;
import dev.o2c.sandbox.erp.ErpModels.CustomerRequest;
import dev.o2c.sandbox.erp.ErpModels.CustomerStatus;
import dev.o2c.sandbox.erp.ErpModels.CustomerUpdate;
import dev.o2c.sandbox.erp.ErpModels.SyncedAttributes;
import dev.o2c.sandbox.erp.ErpModels.ErpProject;
import dev.o2c.sandbox.erp.ErpModels.LegalEntity;
import dev.o2c.sandbox.erp.ErpModels.PaymentRequest;
import dev.o2c.sandbox.erp.ErpModels.ProjectRequest;
import dev.o2c.sandbox.erp.ErpModels.ProjectStatus;
import dev.o2c.sandbox.erp.ErpModels.ProjectUpdate;
import dev.o2c.sandbox.erp.ErpModels.ExchangeRate;
import dev.o2c.sandbox.erp.ErpModels.ExchangeRateRequest;
import dev.o2c.sandbox.erp.ErpModels.RevenueEntry;
import dev.o2c.sandbox.erp.ErpModels.RevenueEntryRequest;
import dev.o2c.sandbox.erp.ErpModels.TaxRate;
import dev.o2c.sandbox.erp.ErpModels.TaxRateRequest;
import dev.o2c.sandbox.erp.ErpModels.CreditRequest;
import dev.o2c.sandbox.erp.ErpModels.Receivable;
import dev.o2c.sandbox.erp.ErpModels.ReceivableCredit;
import dev.o2c.sandbox.erp.ErpModels.ReceivableWriteOff;
import dev.o2c.sandbox.erp.ErpModels.WriteOffRequest;
import dev.o2c.sandbox.erp.ErpModels.ReceivablePayment;
import dev.o2c.sandbox.erp.ErpModels.ReceivableRequest;
import dev.o2c.sandbox.erp.ErpModels.ReceivableStatus;
import dev.o2c.sandbox.erp.ErpModels.RevenueMethod;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.data.Address;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.ExternalRefs;
import dev.o2c.sandbox.platform.data.JsonColumns;
import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.snapshot.SnapshotContributor;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** ERP: legal entities (reference data), customers, projects for revenue recognition, receivables. */
@Service
public class ErpService implements SnapshotContributor {

    private final JdbcClient jdbc;
    private final JsonColumns json;

    public ErpService(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<LegalEntity> legalEntities() {
        return jdbc.sql("SELECT code, name, currency, country FROM erp.legal_entities ORDER BY code")
                .query(LegalEntity.class).list();
    }

    // ---- customers

    /** Creates or updates (and reactivates) the customer with this {@code externalId}. */
    public Customer upsertCustomer(CustomerRequest r) {
        boolean knownEntity = jdbc.sql("SELECT count(*) FROM erp.legal_entities WHERE code = :code")
                .param("code", r.legalEntity()).query(Long.class).single() > 0;
        Checks.start()
                .check(knownEntity, "legalEntity", "unknown legal entity " + r.legalEntity())
                .currency("currency", r.currency())
                .address("billingAddress", r.billingAddress(), true)
                .orThrow();
        boolean inserted = jdbc.sql("""
                INSERT INTO erp.customers (id, external_id, name, legal_entity, tax_id, currency, billing_address,
                    payment_terms_days, status, correlation_id, last_synced)
                VALUES (:id, :externalId, :name, :legalEntity, :taxId, :currency, CAST(:billingAddress AS jsonb),
                    :paymentTermsDays, 'ACTIVE', :correlationId, CAST(:lastSynced AS jsonb))
                ON CONFLICT (external_id) DO UPDATE SET
                    name = EXCLUDED.name, legal_entity = EXCLUDED.legal_entity, tax_id = EXCLUDED.tax_id,
                    currency = EXCLUDED.currency, billing_address = EXCLUDED.billing_address,
                    payment_terms_days = EXCLUDED.payment_terms_days, status = 'ACTIVE', deactivated_at = NULL,
                    last_synced = EXCLUDED.last_synced, version = customers.version + 1,
                    correlation_id = COALESCE(EXCLUDED.correlation_id, customers.correlation_id), updated_at = now()
                RETURNING (xmax = 0) AS inserted
                """)
                .param("id", Ids.next("cus")).param("externalId", r.externalId()).param("name", r.name())
                .param("legalEntity", r.legalEntity()).param("taxId", r.taxId()).param("currency", r.currency())
                .param("billingAddress", json.write(r.billingAddress())).param("paymentTermsDays", r.paymentTermsDays())
                .param("correlationId", Correlation.current())
                // the upsert is the integration's write: what it wrote is the sync baseline
                .param("lastSynced", json.write(new SyncedAttributes(r.name(), r.taxId(), r.billingAddress())))
                .query(Boolean.class).single();
        return customerByExternalId(r.externalId()).orElseThrow().withCreated(inserted);
    }

    public Customer customer(String id) {
        return jdbc.sql("SELECT * FROM erp.customers WHERE id = :id").param("id", id).query(this::mapCustomer)
                .optional().orElseThrow(() -> ApiException.notFound("customer", id));
    }

    private Optional<Customer> customerByExternalId(String externalId) {
        return jdbc.sql("SELECT * FROM erp.customers WHERE external_id = :externalId").param("externalId", externalId)
                .query(this::mapCustomer).optional();
    }

    public List<Customer> customers(String externalId) {
        return jdbc.sql("""
                SELECT * FROM erp.customers WHERE (CAST(:externalId AS text) IS NULL OR external_id = :externalId)
                 ORDER BY created_at, id
                """).param("externalId", externalId).query(this::mapCustomer).list();
    }

    /**
     * Changes the fields present (see {@link CustomerUpdate}) if the customer is still at {@code expectedVersion}
     * (else 409 with {@code currentVersion}); bumps the version.
     */
    public Customer updateCustomer(String id, CustomerUpdate r) {
        Customer current = jdbc.sql("SELECT * FROM erp.customers WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::mapCustomer).optional().orElseThrow(() -> ApiException.notFound("customer", id));
        if (current.version() != r.expectedVersion()) {
            throw ApiException.conflict("Customer " + id + " is at version " + current.version() + ", not "
                    + r.expectedVersion() + ": read it again").with("currentVersion", current.version());
        }
        Checks.start().scale("creditLimit", r.creditLimit(), 2).address("billingAddress", r.billingAddress(), false)
                .address("lastSynced.billingAddress", r.lastSynced() == null ? null : r.lastSynced().billingAddress(),
                        false)
                .orThrow();
        jdbc.sql("""
                UPDATE erp.customers SET
                    name = COALESCE(:name, name), tax_id = COALESCE(:taxId, tax_id),
                    billing_address = COALESCE(CAST(:billingAddress AS jsonb), billing_address),
                    payment_terms_days = COALESCE(:paymentTermsDays, payment_terms_days),
                    credit_limit = COALESCE(:creditLimit, credit_limit),
                    last_synced = COALESCE(CAST(:lastSynced AS jsonb), last_synced),
                    version = version + 1, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """)
                .param("name", r.name()).param("taxId", r.taxId()).param("billingAddress", json.write(r.billingAddress()))
                .param("paymentTermsDays", r.paymentTermsDays()).param("creditLimit", r.creditLimit())
                .param("lastSynced", json.write(r.lastSynced())).param("correlationId", Correlation.current())
                .param("id", id).update();
        return customer(id);
    }

    /** ACTIVE → INACTIVE; idempotent. */
    public Customer deactivateCustomer(String id) {
        Customer customer = jdbc.sql("SELECT * FROM erp.customers WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::mapCustomer).optional().orElseThrow(() -> ApiException.notFound("customer", id));
        if (customer.status() == CustomerStatus.INACTIVE) {
            return customer;
        }
        jdbc.sql("""
                UPDATE erp.customers SET status = 'INACTIVE', deactivated_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return customer(id);
    }

    /** The customer a new project or receivable refers to: unknown is a 400, inactive a 409. */
    private Customer activeCustomer(String id) {
        Customer customer = jdbc.sql("SELECT * FROM erp.customers WHERE id = :id FOR SHARE").param("id", id)
                .query(this::mapCustomer).optional()
                .orElseThrow(() -> ApiException.invalid("customerId", "unknown customer " + id));
        if (customer.status() != CustomerStatus.ACTIVE) {
            throw ApiException.conflict("Customer " + id + " is INACTIVE").with("customerId", id);
        }
        return customer;
    }

    private Customer mapCustomer(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getString("id"), rs.getString("external_id"), rs.getString("name"),
                rs.getString("legal_entity"), rs.getString("tax_id"), rs.getString("currency"),
                json.read(rs.getString("billing_address"), Address.class), rs.getInt("payment_terms_days"),
                CustomerStatus.valueOf(rs.getString("status")), Rows.instant(rs, "deactivated_at"), null,
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                rs.getLong("version"), Rows.decimal(rs, "credit_limit"),
                json.read(rs.getString("last_synced"), SyncedAttributes.class));
    }

    // ---- projects

    public ErpProject createProject(ProjectRequest r) {
        Checks.start().currency("currency", r.currency()).orThrow();
        activeCustomer(r.customerId());
        ExternalRefs.requireNoLiveObject(jdbc, "erp.projects", "CLOSED", "project", r.externalRef());
        String id = Ids.next("eprj");
        jdbc.sql("""
                INSERT INTO erp.projects (id, external_ref, customer_id, name, currency, revenue_method, status,
                    correlation_id)
                VALUES (:id, :externalRef, :customerId, :name, :currency, :revenueMethod, 'OPEN', :correlationId)
                """)
                .param("id", id).param("externalRef", r.externalRef()).param("customerId", r.customerId())
                .param("name", r.name()).param("currency", r.currency()).param("revenueMethod", r.revenueMethod().name())
                .param("correlationId", Correlation.current())
                .update();
        return project(id);
    }

    public ErpProject project(String id) {
        return jdbc.sql("SELECT * FROM erp.projects WHERE id = :id").param("id", id).query(ErpService::mapProject)
                .optional().orElseThrow(() -> ApiException.notFound("project", id));
    }

    /** Projects, optionally only those with this external ref and/or of this customer, oldest first. */
    public List<ErpProject> projects(String externalRef, String customerId) {
        return jdbc.sql("""
                SELECT * FROM erp.projects
                 WHERE (CAST(:externalRef AS text) IS NULL OR external_ref = :externalRef)
                   AND (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
                 ORDER BY created_at, id
                """).param("externalRef", externalRef).param("customerId", customerId)
                .query(ErpService::mapProject).list();
    }

    /**
     * One page of the projects whose {@code externalRef} lies in {@code (externalRefAfter, externalRefThrough]}, by external
     * ref then id (byte order): what one page of won opportunities has here, for a reconciliation.
     */
    public Page<ErpProject> projectsByExternalRef(String externalRefAfter, String externalRefThrough, Integer limit,
            String cursor) {
        return KeyRange.of(externalRefAfter, externalRefThrough, limit, cursor).query(jdbc,
                "SELECT * FROM erp.projects WHERE external_ref IS NOT NULL", Map.of(), "external_ref", "id", ErpService::mapProject,
                ErpProject::externalRef, ErpProject::id);
    }

    /** Changes name, revenue method, end date, contract amount (present fields) of an OPEN project; CLOSED → 409. */
    public ErpProject updateProject(String id, ProjectUpdate r) {
        ErpProject project = jdbc.sql("SELECT * FROM erp.projects WHERE id = :id FOR UPDATE").param("id", id)
                .query(ErpService::mapProject).optional().orElseThrow(() -> ApiException.notFound("project", id));
        Checks.start().required("name", r.name() == null ? "x" : r.name()).scale("contractAmount", r.contractAmount(), 2)
                .orThrow();
        if (project.status() == ProjectStatus.CLOSED) {
            throw ApiException.conflict("Project " + id + " is CLOSED").with("projectId", id);
        }
        jdbc.sql("""
                UPDATE erp.projects SET name = COALESCE(:name, name),
                    revenue_method = COALESCE(:revenueMethod, revenue_method), end_date = COALESCE(:endDate, end_date),
                    contract_amount = COALESCE(:contractAmount, contract_amount), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("name", r.name()).param("revenueMethod", Rows.name(r.revenueMethod()))
                .param("endDate", r.endDate()).param("contractAmount", r.contractAmount())
                .param("correlationId", Correlation.current()).param("id", id).update();
        return project(id);
    }

    /** OPEN → CLOSED; idempotent. */
    public ErpProject closeProject(String id) {
        ErpProject project = jdbc.sql("SELECT * FROM erp.projects WHERE id = :id FOR UPDATE").param("id", id)
                .query(ErpService::mapProject).optional().orElseThrow(() -> ApiException.notFound("project", id));
        if (project.status() == ProjectStatus.CLOSED) {
            return project;
        }
        jdbc.sql("""
                UPDATE erp.projects SET status = 'CLOSED', closed_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("correlationId", Correlation.current()).param("id", id).update();
        return project(id);
    }

    private static ErpProject mapProject(ResultSet rs, int row) throws SQLException {
        return new ErpProject(rs.getString("id"), rs.getString("external_ref"), rs.getString("customer_id"),
                rs.getString("name"), rs.getString("currency"), RevenueMethod.valueOf(rs.getString("revenue_method")),
                Rows.date(rs, "end_date"), Rows.decimal(rs, "contract_amount"),
                ProjectStatus.valueOf(rs.getString("status")), Rows.instant(rs, "closed_at"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- receivables

    /** One receivable per invoice: another with the same {@code invoiceRef} answers 409 with {@code existingId}. */
    public Receivable createReceivable(ReceivableRequest r) {
        Checks.start().currency("currency", r.currency()).scale("amount", r.amount(), 2).orThrow();
        activeCustomer(r.customerId());
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('erp.receivables:' || :ref))").param("ref", r.invoiceRef())
                .query().singleValue();
        jdbc.sql("SELECT id FROM erp.receivables WHERE invoice_ref = :ref ORDER BY created_at LIMIT 1")
                .param("ref", r.invoiceRef()).query(String.class).optional().ifPresent(existing -> {
                    throw ApiException.conflict("A receivable for invoice " + r.invoiceRef() + " exists: " + existing)
                            .with("invoiceRef", r.invoiceRef()).with("existingId", existing);
                });
        String id = Ids.next("rcv");
        jdbc.sql("""
                INSERT INTO erp.receivables (id, customer_id, invoice_ref, amount, balance, currency, due_date, status,
                    correlation_id)
                VALUES (:id, :customerId, :invoiceRef, :amount, :amount, :currency, :dueDate, 'OPEN', :correlationId)
                """)
                .param("id", id).param("customerId", r.customerId()).param("invoiceRef", r.invoiceRef())
                .param("amount", r.amount()).param("currency", r.currency()).param("dueDate", r.dueDate())
                .param("correlationId", Correlation.current())
                .update();
        return receivable(id);
    }

    public Receivable receivable(String id) {
        return jdbc.sql("SELECT * FROM erp.receivables WHERE id = :id").param("id", id).query(this::mapReceivable)
                .optional().orElseThrow(() -> ApiException.notFound("receivable", id));
    }

    public List<Receivable> receivables(String customerId, String invoiceRef) {
        List<Receivable> receivables = jdbc.sql("""
                SELECT * FROM erp.receivables
                 WHERE (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
                   AND (CAST(:invoiceRef AS text) IS NULL OR invoice_ref = :invoiceRef)
                 ORDER BY created_at, id
                """).param("customerId", customerId).param("invoiceRef", invoiceRef).query(ErpService::header).list();
        return withAdjustments(receivables);
    }

    /**
     * One page of the receivables whose {@code invoiceRef} lies in {@code (invoiceRefAfter, invoiceRefThrough]}, by
     * invoice ref then id (byte order), with their payments, credits and write-offs: the receivables of one page of
     * invoices, for a reconciliation.
     */
    public Page<Receivable> receivablePage(String invoiceRefAfter, String invoiceRefThrough, Integer limit,
            String cursor) {
        Page<Receivable> page = KeyRange.of(invoiceRefAfter, invoiceRefThrough, limit, cursor).query(jdbc,
                "SELECT * FROM erp.receivables WHERE true", Map.of(), "invoice_ref", "id", ErpService::header,
                Receivable::invoiceRef, Receivable::id);
        return new Page<>(withAdjustments(page.items()), page.nextCursor());
    }

    /** Applies a payment: the balance goes down; more than the balance is a 409, another currency a 400. */
    public ReceivablePayment applyPayment(String receivableId, PaymentRequest r) {
        Receivable receivable = jdbc.sql("SELECT * FROM erp.receivables WHERE id = :id FOR UPDATE")
                .param("id", receivableId).query(this::mapReceivable).optional()
                .orElseThrow(() -> ApiException.notFound("receivable", receivableId));
        Checks.start().scale("amount", r.amount(), 2)
                .check(r.currency().equals(receivable.currency()), "currency",
                        "must be the receivable's currency " + receivable.currency())
                .orThrow();
        if (r.amount().compareTo(receivable.balance()) > 0) {
            throw ApiException.conflict("Payment of " + r.amount().toPlainString() + " exceeds the open balance "
                    + receivable.balance().toPlainString() + " of receivable " + receivableId)
                    .with("balance", receivable.balance().toPlainString());
        }
        BigDecimal balance = receivable.balance().subtract(r.amount());
        String id = Ids.next("rpy");
        jdbc.sql("""
                INSERT INTO erp.receivable_payments (id, receivable_id, payment_ref, amount, currency, received_on,
                    correlation_id)
                VALUES (:id, :receivableId, :paymentRef, :amount, :currency, :receivedOn, :correlationId)
                """)
                .param("id", id).param("receivableId", receivableId).param("paymentRef", r.paymentRef())
                .param("amount", r.amount()).param("currency", r.currency()).param("receivedOn", r.receivedOn())
                .param("correlationId", Correlation.current())
                .update();
        jdbc.sql("""
                UPDATE erp.receivables SET balance = :balance, status = :status, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """)
                .param("balance", balance)
                .param("status", (balance.signum() == 0 ? ReceivableStatus.PAID : ReceivableStatus.PARTIALLY_PAID).name())
                .param("correlationId", Correlation.current()).param("id", receivableId)
                .update();
        return payments("WHERE id = :id", id).getFirst();
    }

    /**
     * A hand edit (sandbox only, for reconciliation tests): sets the receivable's amount and moves its balance by the
     * same difference, as a clerk correcting the amount in the ERP would; its status follows the balance (OPEN,
     * PARTIALLY_PAID or PAID) unless it was REVERSED, CREDITED or WRITTEN_OFF. 409 when the balance would go below zero.
     */
    public Receivable setAmount(String id, BigDecimal amount) {
        Checks.start().scale("amount", amount, 2).orThrow();
        Receivable receivable = lockReceivable(id);
        BigDecimal balance = receivable.balance().add(amount.subtract(receivable.amount()));
        if (balance.signum() < 0) {
            throw ApiException.conflict("Amount " + amount.toPlainString() + " is less than what is already settled on"
                    + " receivable " + id);
        }
        String status = switch (receivable.status()) {
            case REVERSED, CREDITED, WRITTEN_OFF -> receivable.status().name();
            default -> balance.signum() == 0 ? ReceivableStatus.PAID.name()
                    : balance.compareTo(amount) < 0 ? ReceivableStatus.PARTIALLY_PAID.name() : ReceivableStatus.OPEN.name();
        };
        jdbc.sql("""
                UPDATE erp.receivables SET amount = :amount, balance = :balance, status = :status, updated_at = now()
                WHERE id = :id
                """)
                .param("amount", amount).param("balance", balance).param("status", status).param("id", id)
                .update();
        return receivable(id);
    }

    private Receivable lockReceivable(String id) {
        return jdbc.sql("SELECT * FROM erp.receivables WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::mapReceivable).optional().orElseThrow(() -> ApiException.notFound("receivable", id));
    }

    /** Amount and currency of a credit or write-off: 2 decimals, the receivable's currency, at most the balance (409). */
    private static void requireWithinBalance(Receivable receivable, String what, BigDecimal amount, String currency) {
        Checks.start().scale("amount", amount, 2)
                .check(currency.equals(receivable.currency()), "currency",
                        "must be the receivable's currency " + receivable.currency())
                .orThrow();
        if (amount.compareTo(receivable.balance()) > 0) {
            throw ApiException.conflict(what + " of " + amount.toPlainString() + " exceeds the open balance "
                    + receivable.balance().toPlainString() + " of receivable " + receivable.id())
                    .with("balance", receivable.balance().toPlainString())
                    .with("receivableStatus", receivable.status().name());
        }
    }

    private void lowerBalance(Receivable receivable, BigDecimal amount, ReceivableStatus whenZero) {
        BigDecimal balance = receivable.balance().subtract(amount);
        jdbc.sql("""
                UPDATE erp.receivables SET balance = :balance, status = :status, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """)
                .param("balance", balance)
                .param("status", (balance.signum() == 0 ? whenZero : receivable.status()).name())
                .param("correlationId", Correlation.current()).param("id", receivable.id())
                .update();
    }

    /**
     * A credit (e.g. a credit memo) lowers the balance; at zero the receivable is CREDITED. The same {@code creditRef}
     * on the receivable again → 409 with {@code existingId} (as revenue entries by {@code sourceRef}).
     */
    public ReceivableCredit applyCredit(String receivableId, CreditRequest r) {
        Receivable receivable = lockReceivable(receivableId);
        receivable.credits().stream().filter(c -> c.creditRef().equals(r.creditRef())).findFirst().ifPresent(c -> {
            throw ApiException.conflict("Credit " + r.creditRef() + " was applied to receivable " + receivableId)
                    .with("creditRef", r.creditRef()).with("existingId", c.id());
        });
        requireWithinBalance(receivable, "Credit", r.amount(), r.currency());
        String id = Ids.next("rcr");
        jdbc.sql("""
                INSERT INTO erp.receivable_credits (id, receivable_id, credit_ref, amount, currency, reason, correlation_id)
                VALUES (:id, :receivableId, :creditRef, :amount, :currency, :reason, :correlationId)
                """)
                .param("id", id).param("receivableId", receivableId).param("creditRef", r.creditRef())
                .param("amount", r.amount()).param("currency", r.currency()).param("reason", r.reason())
                .param("correlationId", Correlation.current()).update();
        lowerBalance(receivable, r.amount(), ReceivableStatus.CREDITED);
        return jdbc.sql("SELECT * FROM erp.receivable_credits WHERE id = :id").param("id", id)
                .query(ErpService::mapCredit).single();
    }

    /** A write-off lowers the balance; at zero the receivable is WRITTEN_OFF. */
    public ReceivableWriteOff writeOff(String receivableId, WriteOffRequest r) {
        Receivable receivable = lockReceivable(receivableId);
        requireWithinBalance(receivable, "Write-off", r.amount(), r.currency());
        String id = Ids.next("rwo");
        jdbc.sql("""
                INSERT INTO erp.receivable_write_offs (id, receivable_id, amount, currency, reason, correlation_id)
                VALUES (:id, :receivableId, :amount, :currency, :reason, :correlationId)
                """)
                .param("id", id).param("receivableId", receivableId).param("amount", r.amount())
                .param("currency", r.currency()).param("reason", r.reason())
                .param("correlationId", Correlation.current()).update();
        lowerBalance(receivable, r.amount(), ReceivableStatus.WRITTEN_OFF);
        return jdbc.sql("SELECT * FROM erp.receivable_write_offs WHERE id = :id").param("id", id)
                .query(ErpService::mapWriteOff).single();
    }

    /**
     * The invoice was voided: a receivable without payments becomes REVERSED with balance 0; REVERSED again answers
     * unchanged; with payments, or WRITTEN_OFF → 409.
     */
    public Receivable reverse(String receivableId, String reason) {
        Receivable receivable = lockReceivable(receivableId);
        if (receivable.status() == ReceivableStatus.REVERSED) {
            return receivable;
        }
        if (!receivable.payments().isEmpty() || receivable.status() == ReceivableStatus.WRITTEN_OFF) {
            throw ApiException.conflict("Cannot reverse receivable " + receivableId + " in status " + receivable.status()
                    + " with " + receivable.payments().size() + " payment(s)")
                    .with("receivableStatus", receivable.status().name());
        }
        jdbc.sql("""
                UPDATE erp.receivables SET status = 'REVERSED', balance = 0, reversed_at = now(),
                    reversal_reason = :reason, updated_at = now(), correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("reason", reason).param("correlationId", Correlation.current()).param("id", receivableId)
                .update();
        return receivable(receivableId);
    }

    private static ReceivableCredit mapCredit(ResultSet rs, int row) throws SQLException {
        return new ReceivableCredit(rs.getString("id"), rs.getString("receivable_id"), rs.getString("credit_ref"),
                Rows.decimal(rs, "amount"), rs.getString("currency"), rs.getString("reason"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static ReceivableWriteOff mapWriteOff(ResultSet rs, int row) throws SQLException {
        return new ReceivableWriteOff(rs.getString("id"), rs.getString("receivable_id"), Rows.decimal(rs, "amount"),
                rs.getString("currency"), rs.getString("reason"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private List<ReceivablePayment> payments(String where, String id) {
        return jdbc.sql("SELECT * FROM erp.receivable_payments " + where + " ORDER BY created_at, id").param("id", id)
                .query(ErpService::mapPayment).list();
    }

    private Receivable mapReceivable(ResultSet rs, int row) throws SQLException {
        return withAdjustments(List.of(header(rs, row))).getFirst();
    }

    /** A receivable row without its payments, credits and write-offs ({@link #withAdjustments} adds them). */
    private static Receivable header(ResultSet rs, int row) throws SQLException {
        return new Receivable(rs.getString("id"), rs.getString("customer_id"), rs.getString("invoice_ref"),
                Rows.decimal(rs, "amount"), Rows.decimal(rs, "balance"), rs.getString("currency"),
                Rows.date(rs, "due_date"), ReceivableStatus.valueOf(rs.getString("status")), List.of(), List.of(),
                List.of(), Rows.instant(rs, "reversed_at"), rs.getString("reversal_reason"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    /** The receivables with their payments, credits and write-offs: three queries, however many receivables. */
    private List<Receivable> withAdjustments(List<Receivable> receivables) {
        if (receivables.isEmpty()) {
            return receivables;
        }
        List<String> ids = receivables.stream().map(Receivable::id).toList();
        Map<String, List<ReceivablePayment>> payments = adjustments("erp.receivable_payments", ids,
                ErpService::mapPayment, ReceivablePayment::receivableId);
        Map<String, List<ReceivableCredit>> credits = adjustments("erp.receivable_credits", ids,
                ErpService::mapCredit, ReceivableCredit::receivableId);
        Map<String, List<ReceivableWriteOff>> writeOffs = adjustments("erp.receivable_write_offs", ids,
                ErpService::mapWriteOff, ReceivableWriteOff::receivableId);
        return receivables.stream().map(r -> new Receivable(r.id(), r.customerId(), r.invoiceRef(), r.amount(),
                r.balance(), r.currency(), r.dueDate(), r.status(), payments.getOrDefault(r.id(), List.of()),
                credits.getOrDefault(r.id(), List.of()), writeOffs.getOrDefault(r.id(), List.of()), r.reversedAt(),
                r.reversalReason(), r.correlationId(), r.createdAt(), r.updatedAt())).toList();
    }

    private <T> Map<String, List<T>> adjustments(String table, List<String> receivableIds, RowMapper<T> mapper,
            Function<T, String> receivableId) {
        Map<String, List<T>> byReceivable = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM " + table + " WHERE receivable_id IN (:ids) ORDER BY created_at, id")
                .param("ids", receivableIds).query(mapper).list()
                .forEach(item -> byReceivable.computeIfAbsent(receivableId.apply(item), k -> new ArrayList<>()).add(item));
        return byReceivable;
    }

    private static ReceivablePayment mapPayment(ResultSet rs, int row) throws SQLException {
        return new ReceivablePayment(rs.getString("id"), rs.getString("receivable_id"), rs.getString("payment_ref"),
                Rows.decimal(rs, "amount"), rs.getString("currency"), Rows.date(rs, "received_on"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- reference data: exchange and tax rates

    /** The rate in force on {@code date} (latest {@code effectiveFrom} on or before it); none → 404; from = to → 1. */
    public ExchangeRate exchangeRate(String from, String to, LocalDate date) {
        Checks.start().currency("from", from).currency("to", to).orThrow();
        if (from.equals(to)) {
            return new ExchangeRate(from, to, date, BigDecimal.ONE.setScale(8), null);
        }
        return jdbc.sql("""
                SELECT rate, effective_from FROM erp.exchange_rates
                 WHERE from_currency = :from AND to_currency = :to AND effective_from <= :date
                 ORDER BY effective_from DESC LIMIT 1
                """).param("from", from).param("to", to).param("date", date)
                .query((rs, n) -> new ExchangeRate(from, to, date, Rows.decimal(rs, "rate"), Rows.date(rs, "effective_from")))
                .optional().orElseThrow(() -> ApiException.notFound("exchange rate", from + "/" + to + " on " + date));
    }

    /** The legal entity's rate for the country in force on {@code date}, else its {@code *} rate; none → 404. */
    public TaxRate taxRate(String legalEntity, String country, LocalDate date) {
        Checks.start().country("country", country)
                .check(legalEntities().stream().anyMatch(e -> e.code().equals(legalEntity)), "legalEntity", "is not a legal entity")
                .orThrow();
        return jdbc.sql("""
                SELECT * FROM erp.tax_rates
                 WHERE legal_entity = :legalEntity AND country IN (:country, '*') AND effective_from <= :date
                 ORDER BY (country = '*'), effective_from DESC LIMIT 1
                """).param("legalEntity", legalEntity).param("country", country).param("date", date)
                .query((rs, n) -> new TaxRate(legalEntity, country, date, Rows.decimal(rs, "rate_percent"),
                        rs.getString("tax_code"), rs.getString("country"), Rows.date(rs, "effective_from")))
                .optional().orElseThrow(() -> ApiException.notFound("tax rate", legalEntity + "/" + country + " on " + date));
    }

    /** Sandbox admin: adds or replaces an (ADMIN) rate; a SEEDED rate is not replaced (409). Reset deletes ADMIN rates. */
    public ExchangeRate setExchangeRate(ExchangeRateRequest r) {
        Checks.start().currency("from", r.from()).currency("to", r.to())
                .check(!r.from().equals(r.to()), "to", "must differ from from").scale("rate", r.rate(), 8).orThrow();
        int changed = jdbc.sql("""
                INSERT INTO erp.exchange_rates (from_currency, to_currency, effective_from, rate, source)
                VALUES (:from, :to, :effectiveFrom, :rate, 'ADMIN')
                ON CONFLICT (from_currency, to_currency, effective_from) DO UPDATE SET rate = EXCLUDED.rate, updated_at = now()
                 WHERE erp.exchange_rates.source = 'ADMIN'
                """).param("from", r.from()).param("to", r.to()).param("effectiveFrom", r.effectiveFrom())
                .param("rate", r.rate()).update();
        if (changed == 0) {
            throw ApiException.conflict("The seeded rate " + r.from() + "/" + r.to() + " from " + r.effectiveFrom()
                    + " cannot be replaced; use another effectiveFrom");
        }
        return exchangeRate(r.from(), r.to(), r.effectiveFrom());
    }

    public TaxRate setTaxRate(TaxRateRequest r) {
        Checks.start().check("*".equals(r.country()) || java.util.Set.of(java.util.Locale.getISOCountries()).contains(r.country()),
                        "country", "must be an ISO 3166-1 alpha-2 country code or *")
                .check(r.legalEntity() == null || legalEntities().stream().anyMatch(e -> e.code().equals(r.legalEntity())),
                        "legalEntity", "is not a legal entity")
                .scale("ratePercent", r.ratePercent(), 4).orThrow();
        int changed = jdbc.sql("""
                INSERT INTO erp.tax_rates (legal_entity, country, effective_from, rate_percent, tax_code, source)
                VALUES (:legalEntity, :country, :effectiveFrom, :rate, :taxCode, 'ADMIN')
                ON CONFLICT (legal_entity, country, effective_from) DO UPDATE
                   SET rate_percent = EXCLUDED.rate_percent, tax_code = EXCLUDED.tax_code, updated_at = now()
                 WHERE erp.tax_rates.source = 'ADMIN'
                """).param("legalEntity", r.legalEntity()).param("country", r.country())
                .param("effectiveFrom", r.effectiveFrom()).param("rate", r.ratePercent()).param("taxCode", r.taxCode())
                .update();
        if (changed == 0) {
            throw ApiException.conflict("The seeded tax rate " + r.legalEntity() + "/" + r.country() + " from "
                    + r.effectiveFrom() + " cannot be replaced; use another effectiveFrom");
        }
        return jdbc.sql("SELECT * FROM erp.tax_rates WHERE legal_entity = :le AND country = :c AND effective_from = :d")
                .param("le", r.legalEntity()).param("c", r.country()).param("d", r.effectiveFrom())
                .query((rs, n) -> new TaxRate(r.legalEntity(), r.country(), r.effectiveFrom(), Rows.decimal(rs, "rate_percent"),
                        rs.getString("tax_code"), rs.getString("country"), Rows.date(rs, "effective_from")))
                .single();
    }

    public List<Map<String, Object>> allExchangeRates() {
        return jdbc.sql("""
                SELECT from_currency AS "from", to_currency AS "to", CAST(effective_from AS text) AS "effectiveFrom",
                       CAST(rate AS text) AS rate, source FROM erp.exchange_rates ORDER BY 1, 2, 3
                """).query().listOfRows();
    }

    public List<Map<String, Object>> allTaxRates() {
        return jdbc.sql("""
                SELECT legal_entity AS "legalEntity", country, CAST(effective_from AS text) AS "effectiveFrom",
                       CAST(rate_percent AS text) AS "ratePercent", tax_code AS "taxCode", source
                  FROM erp.tax_rates ORDER BY 1, 2, 3
                """).query().listOfRows();
    }

    // ---- revenue journal

    /**
     * Books revenue for a project and period. The project must exist (400) and be OPEN (409), the currency be the
     * project's (400); the same project, period and {@code sourceRef} again → 409 with {@code existingId}.
     */
    public RevenueEntry createRevenueEntry(RevenueEntryRequest r) {
        Checks.start().currency("currency", r.currency()).scale("amount", r.amount(), 2)
                .check(r.amount() == null || r.amount().signum() != 0, "amount", "must not be 0").orThrow();
        ErpProject project = jdbc.sql("SELECT * FROM erp.projects WHERE id = :id FOR SHARE").param("id", r.projectId())
                .query(ErpService::mapProject).optional()
                .orElseThrow(() -> ApiException.invalid("projectId", "project " + r.projectId() + " does not exist"));
        Checks.start().check(project.currency().equals(r.currency()), "currency", "must be the project's currency "
                + project.currency()).orThrow();
        if (project.status() != ProjectStatus.OPEN) {
            throw ApiException.conflict("Project " + project.id() + " is " + project.status()).with("projectId", project.id());
        }
        String id = Ids.next("rev");
        int inserted = jdbc.sql("""
                INSERT INTO erp.revenue_entries (id, project_id, period, amount, currency, method, source_ref, description,
                    correlation_id)
                VALUES (:id, :projectId, :period, :amount, :currency, :method, :sourceRef, :description, :correlationId)
                ON CONFLICT (project_id, period, source_ref) DO NOTHING
                """).param("id", id).param("projectId", r.projectId()).param("period", r.period())
                .param("amount", r.amount()).param("currency", r.currency()).param("method", r.method().name())
                .param("sourceRef", r.sourceRef()).param("description", r.description())
                .param("correlationId", Correlation.current()).update();
        if (inserted == 0) {
            String existing = jdbc.sql("""
                    SELECT id FROM erp.revenue_entries WHERE project_id = :projectId AND period = :period AND source_ref = :sourceRef
                    """).param("projectId", r.projectId()).param("period", r.period()).param("sourceRef", r.sourceRef())
                    .query(String.class).single();
            throw ApiException.conflict("Revenue for project " + r.projectId() + ", period " + r.period() + " and source "
                    + r.sourceRef() + " is booked: " + existing).with("existingId", existing);
        }
        return revenueEntry(id);
    }

    public RevenueEntry revenueEntry(String id) {
        return jdbc.sql("SELECT * FROM erp.revenue_entries WHERE id = :id").param("id", id).query(ErpService::mapRevenue)
                .optional().orElseThrow(() -> ApiException.notFound("revenue entry", id));
    }

    public List<RevenueEntry> revenueEntries(String projectId, String period, String sourceRef) {
        return jdbc.sql("""
                SELECT * FROM erp.revenue_entries
                 WHERE (CAST(:projectId AS text) IS NULL OR project_id = :projectId)
                   AND (CAST(:period AS text) IS NULL OR period = :period)
                   AND (CAST(:sourceRef AS text) IS NULL OR source_ref = :sourceRef)
                 ORDER BY created_at, id
                """).param("projectId", projectId).param("period", period).param("sourceRef", sourceRef)
                .query(ErpService::mapRevenue).list();
    }

    private static RevenueEntry mapRevenue(ResultSet rs, int row) throws SQLException {
        return new RevenueEntry(rs.getString("id"), rs.getString("project_id"), rs.getString("period"),
                Rows.decimal(rs, "amount"), rs.getString("currency"), RevenueMethod.valueOf(rs.getString("method")),
                rs.getString("source_ref"), rs.getString("description"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    @Override
    public String system() {
        return "erp";
    }

    @Override
    public Map<String, List<?>> snapshot() {
        Map<String, List<?>> all = new LinkedHashMap<>();
        all.put("legalEntities", legalEntities());
        all.put("customers", customers(null));
        all.put("projects", projects(null, null));
        all.put("receivables", receivables(null, null));
        all.put("exchangeRates", allExchangeRates());
        all.put("taxRates", allTaxRates());
        all.put("revenueEntries", revenueEntries(null, null, null));
        return all;
    }
}
