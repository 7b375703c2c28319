package dev.o2c.sandbox.crm;

import dev.o2c.sandbox.crm.CrmModels.Account;
import dev.o2c.sandbox.crm.CrmModels.Amendment;
import dev.o2c.sandbox.crm.CrmModels.AmendmentRequest;
import dev.o2c.sandbox.crm.CrmModels.AccountRequest;
import dev.o2c.sandbox.crm.CrmModels.Contact;
import dev.o2c.sandbox.crm.CrmModels.ContactRequest;
import dev.o2c.sandbox.crm.CrmModels.CrmTask;
import dev.o2c.sandbox.crm.CrmModels.Delivery;
import dev.o2c.sandbox.crm.CrmModels.DeliveryRequest;
import dev.o2c.sandbox.crm.CrmModels.InvoiceStatusRequest;
import dev.o2c.sandbox.crm.CrmModels.Opportunity;
import dev.o2c.sandbox.crm.CrmModels.OpportunityInvoice;
import dev.o2c.sandbox.crm.CrmModels.OpportunityMilestone;
import dev.o2c.sandbox.crm.CrmModels.OpportunityRequest;
import dev.o2c.sandbox.crm.CrmModels.RateCard;
import dev.o2c.sandbox.crm.CrmModels.RateCardVersion;
import dev.o2c.sandbox.crm.CrmModels.Stage;
import dev.o2c.sandbox.crm.CrmModels.TaskRequest;
import dev.o2c.sandbox.crm.CrmModels.WorkBreakdown;
import dev.o2c.sandbox.platform.data.Address;
import dev.o2c.sandbox.platform.data.BillingModel;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.platform.data.JsonColumns;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.data.Page;
import dev.o2c.sandbox.platform.data.Rows;
import dev.o2c.sandbox.platform.snapshot.SnapshotContributor;
import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.Correlation;
import dev.o2c.sandbox.platform.web.Ids;
import dev.o2c.sandbox.platform.webhooks.EventOutbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;

/**
 * CRM: accounts, contacts, opportunities (with rate cards, milestones, work breakdown and the delivery
 * write-back), tasks. Runs inside the request transaction opened by the idempotency filter.
 */
@Service
public class CrmService implements SnapshotContributor {

    private static final TypeReference<List<OpportunityMilestone>> MILESTONES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final EventOutbox events;

    public CrmService(JdbcClient jdbc, JsonColumns json, EventOutbox events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    // ---- accounts

    public Account createAccount(AccountRequest r) {
        Checks.start().required("name", r.name()).currency("currency", r.currency())
                .address("billingAddress", r.billingAddress(), false).orThrow();
        String id = Ids.next("acc");
        jdbc.sql("""
                INSERT INTO crm.accounts (id, name, owner_email, legal_entity, currency, tax_id, billing_address,
                    payment_terms_days, correlation_id)
                VALUES (:id, :name, :ownerEmail, :legalEntity, :currency, :taxId, CAST(:billingAddress AS jsonb),
                    :paymentTermsDays, :correlationId)
                """)
                .param("id", id).param("name", r.name().trim()).param("ownerEmail", r.ownerEmail())
                .param("legalEntity", r.legalEntity()).param("currency", r.currency()).param("taxId", r.taxId())
                .param("billingAddress", json.write(r.billingAddress())).param("paymentTermsDays", r.paymentTermsDays())
                .param("correlationId", Correlation.current())
                .update();
        return account(id);
    }

    public Account updateAccount(String id, AccountRequest r) {
        account(id);
        Checks.start().check(r.name() == null || !r.name().isBlank(), "name", "must not be blank")
                .currency("currency", r.currency()).address("billingAddress", r.billingAddress(), false).orThrow();
        jdbc.sql("""
                UPDATE crm.accounts SET
                    name = COALESCE(:name, name), owner_email = COALESCE(:ownerEmail, owner_email),
                    legal_entity = COALESCE(:legalEntity, legal_entity), currency = COALESCE(:currency, currency),
                    tax_id = COALESCE(:taxId, tax_id),
                    billing_address = COALESCE(CAST(:billingAddress AS jsonb), billing_address),
                    payment_terms_days = COALESCE(:paymentTermsDays, payment_terms_days),
                    correlation_id = COALESCE(:correlationId, correlation_id), updated_at = now(),
                    version = version + 1
                WHERE id = :id
                """)
                .param("name", r.name()).param("ownerEmail", r.ownerEmail()).param("legalEntity", r.legalEntity())
                .param("currency", r.currency()).param("taxId", r.taxId())
                .param("billingAddress", json.write(r.billingAddress())).param("paymentTermsDays", r.paymentTermsDays())
                .param("correlationId", Correlation.current()).param("id", id)
                .update();
        Account updated = account(id);
        // ids and the version only: a receiver reads the account itself (the event may be old when it arrives)
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", id);
        data.put("version", updated.version());
        events.publish("crm", "account.updated", data);
        return updated;
    }

    public Account account(String id) {
        return jdbc.sql("SELECT * FROM crm.accounts WHERE id = :id").param("id", id).query(this::mapAccount)
                .optional().orElseThrow(() -> ApiException.notFound("account", id));
    }

    public List<Account> accounts() {
        return jdbc.sql("SELECT * FROM crm.accounts ORDER BY created_at, id").query(this::mapAccount).list();
    }

    private Account mapAccount(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getString("id"), rs.getString("name"), rs.getString("owner_email"),
                rs.getString("legal_entity"), rs.getString("currency"), rs.getString("tax_id"),
                json.read(rs.getString("billing_address"), Address.class), Rows.integer(rs, "payment_terms_days"),
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    // ---- contacts

    public Contact createContact(String accountId, ContactRequest r) {
        account(accountId);
        String id = Ids.next("con");
        jdbc.sql("""
                INSERT INTO crm.contacts (id, account_id, name, email, phone, title, is_primary, correlation_id)
                VALUES (:id, :accountId, :name, :email, :phone, :title, :primary, :correlationId)
                """)
                .param("id", id).param("accountId", accountId).param("name", r.name()).param("email", r.email())
                .param("phone", r.phone()).param("title", r.title()).param("primary", Boolean.TRUE.equals(r.primary()))
                .param("correlationId", Correlation.current())
                .update();
        return jdbc.sql("SELECT * FROM crm.contacts WHERE id = :id").param("id", id).query(CrmService::mapContact).single();
    }

    public List<Contact> contacts(String accountId) {
        account(accountId);
        return jdbc.sql("SELECT * FROM crm.contacts WHERE account_id = :accountId ORDER BY created_at, id")
                .param("accountId", accountId).query(CrmService::mapContact).list();
    }

    private static Contact mapContact(ResultSet rs, int row) throws SQLException {
        return new Contact(rs.getString("id"), rs.getString("account_id"), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("title"), rs.getBoolean("is_primary"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- opportunities

    public Opportunity createOpportunity(OpportunityRequest r) {
        Checks checks = Checks.start().required("accountId", r.accountId()).required("name", r.name())
                .required("currency", r.currency()).required("billingModel", r.billingModel())
                .check(r.stage() == null || r.stage() == Stage.OPEN, "stage", "must be OPEN on create (use /won or /lost)");
        validateTerms(checks, r, r.startDate(), r.endDate());
        if (r.accountId() != null && !exists("crm.accounts", r.accountId())) {
            checks.check(false, "accountId", "unknown account " + r.accountId());
        }
        checks.orThrow();
        String id = Ids.next("opp");
        jdbc.sql("""
                INSERT INTO crm.opportunities (id, account_id, name, stage, amount, currency, billing_model, start_date,
                    end_date, cap_amount, rate_card, milestones, retainer_monthly_amount, work_breakdown, correlation_id)
                VALUES (:id, :accountId, :name, 'OPEN', :amount, :currency, :billingModel, :startDate, :endDate,
                    :capAmount, CAST(:rateCard AS jsonb), CAST(:milestones AS jsonb), :retainer,
                    CAST(:workBreakdown AS jsonb), :correlationId)
                """)
                .param("id", id).param("accountId", r.accountId()).param("name", r.name().trim())
                .param("amount", r.amount()).param("currency", r.currency()).param("billingModel", r.billingModel().name())
                .param("startDate", r.startDate()).param("endDate", r.endDate()).param("capAmount", r.capAmount())
                .param("rateCard", json.write(r.rateCard())).param("milestones", json.write(r.milestones()))
                .param("retainer", r.retainerMonthlyAmount()).param("workBreakdown", json.write(r.workBreakdown()))
                .param("correlationId", Correlation.current())
                .update();
        return opportunity(id);
    }

    public Opportunity updateOpportunity(String id, OpportunityRequest r) {
        Opportunity current = lockOpportunity(id);
        Checks checks = Checks.start()
                .check(r.name() == null || !r.name().isBlank(), "name", "must not be blank")
                .check(r.accountId() == null || r.accountId().equals(current.accountId()), "accountId", "cannot change")
                .check(r.stage() == null || r.stage() == current.stage(), "stage", "changes only through /won or /lost");
        validateTerms(checks, r, r.startDate() != null ? r.startDate() : current.startDate(),
                r.endDate() != null ? r.endDate() : current.endDate());
        checks.orThrow();
        if (current.stage() == Stage.LOST) {
            throw ApiException.conflict("Opportunity " + id + " is LOST and cannot be changed");
        }
        jdbc.sql("""
                UPDATE crm.opportunities SET
                    name = COALESCE(:name, name), amount = COALESCE(:amount, amount),
                    currency = COALESCE(:currency, currency), billing_model = COALESCE(:billingModel, billing_model),
                    start_date = COALESCE(:startDate, start_date), end_date = COALESCE(:endDate, end_date),
                    cap_amount = COALESCE(:capAmount, cap_amount),
                    rate_card = COALESCE(CAST(:rateCard AS jsonb), rate_card),
                    milestones = COALESCE(CAST(:milestones AS jsonb), milestones),
                    retainer_monthly_amount = COALESCE(:retainer, retainer_monthly_amount),
                    work_breakdown = COALESCE(CAST(:workBreakdown AS jsonb), work_breakdown),
                    correlation_id = COALESCE(:correlationId, correlation_id), updated_at = now()
                WHERE id = :id
                """)
                .param("name", r.name()).param("amount", r.amount()).param("currency", r.currency())
                .param("billingModel", Rows.name(r.billingModel())).param("startDate", r.startDate())
                .param("endDate", r.endDate()).param("capAmount", r.capAmount())
                .param("rateCard", json.write(r.rateCard())).param("milestones", json.write(r.milestones()))
                .param("retainer", r.retainerMonthlyAmount()).param("workBreakdown", json.write(r.workBreakdown()))
                .param("correlationId", Correlation.current()).param("id", id)
                .update();
        return opportunity(id);
    }

    private static void validateTerms(Checks checks, OpportunityRequest r, java.time.LocalDate start,
            java.time.LocalDate end) {
        checks.currency("currency", r.currency()).dateOrder("endDate", start, end)
                .scale("amount", r.amount(), 2).scale("capAmount", r.capAmount(), 2)
                .scale("retainerMonthlyAmount", r.retainerMonthlyAmount(), 2);
        if (r.rateCard() != null && r.rateCard().versions() != null) {
            Set<java.time.LocalDate> seen = new HashSet<>();
            for (int i = 0; i < r.rateCard().versions().size(); i++) {
                RateCardVersion version = r.rateCard().versions().get(i);
                checks.check(version == null || version.effectiveFrom() == null || seen.add(version.effectiveFrom()),
                        "rateCard.versions[" + i + "].effectiveFrom", "duplicates another version's date");
            }
        }
    }

    /** OPEN → WON and {@code opportunity.won}; WON again answers the opportunity unchanged, with no second event. */
    public Opportunity win(String id) {
        Opportunity current = lockOpportunity(id);
        switch (current.stage()) {
            case WON -> {
                return current;
            }
            case LOST -> throw ApiException.conflict("Opportunity " + id + " is LOST and cannot be won");
            case OPEN -> {
                jdbc.sql("""
                        UPDATE crm.opportunities SET stage = 'WON', won_at = now(), updated_at = now(),
                            correlation_id = COALESCE(:correlationId, correlation_id)
                        WHERE id = :id
                        """).param("correlationId", Correlation.current()).param("id", id).update();
                events.publish("crm", "opportunity.won", Map.of("opportunityId", id, "accountId", current.accountId()));
                return opportunity(id);
            }
            default -> throw new IllegalStateException();
        }
    }

    // ---- contract amendments

    /**
     * Amends a WON opportunity's contract (409 otherwise): {@code number} must be the last number + 1 (409 with
     * {@code expectedNumber}); stores the amendment, applies the terms given to the opportunity and emits
     * {@code contract.amended}.
     */
    public Amendment amend(String opportunityId, AmendmentRequest r) {
        Opportunity current = lockOpportunity(opportunityId);
        Checks checks = Checks.start().check(r.rateCard() != null || r.capAmount() != null || r.endDate() != null
                        || r.milestones() != null || r.retainerMonthlyAmount() != null, "effectiveFrom",
                        "an amendment changes at least one of rateCard, capAmount, endDate, milestones, retainerMonthlyAmount")
                .scale("capAmount", r.capAmount(), 2).scale("retainerMonthlyAmount", r.retainerMonthlyAmount(), 2)
                .dateOrder("endDate", current.startDate(), r.endDate());
        if (r.rateCard() != null && r.rateCard().versions() != null) {
            Set<java.time.LocalDate> seen = new HashSet<>();
            for (int i = 0; i < r.rateCard().versions().size(); i++) {
                RateCardVersion version = r.rateCard().versions().get(i);
                checks.check(version == null || version.effectiveFrom() == null || seen.add(version.effectiveFrom()),
                        "rateCard.versions[" + i + "].effectiveFrom", "duplicates another version's date");
            }
        }
        checks.orThrow();
        if (current.stage() != Stage.WON) {
            throw ApiException.conflict("Opportunity " + opportunityId + " is " + current.stage()
                    + "; only a WON opportunity's contract can be amended").with("currentStage", current.stage().name());
        }
        int last = jdbc.sql("SELECT COALESCE(MAX(number), 0) FROM crm.contract_amendments WHERE opportunity_id = :id")
                .param("id", opportunityId).query(Integer.class).single();
        if (r.number() != last + 1) {
            throw ApiException.conflict("Amendment " + r.number() + " of opportunity " + opportunityId
                    + " is out of sequence; the next is " + (last + 1))
                    .with("expectedNumber", last + 1).with("lastNumber", last);
        }
        String id = Ids.next("amd");
        jdbc.sql("""
                INSERT INTO crm.contract_amendments (id, opportunity_id, number, effective_from, rate_card, cap_amount,
                    end_date, milestones, retainer_monthly_amount, reason, correlation_id)
                VALUES (:id, :opportunityId, :number, :effectiveFrom, CAST(:rateCard AS jsonb), :capAmount, :endDate,
                    CAST(:milestones AS jsonb), :retainer, :reason, :correlationId)
                """).param("id", id).param("opportunityId", opportunityId).param("number", r.number())
                .param("effectiveFrom", r.effectiveFrom()).param("rateCard", json.write(r.rateCard()))
                .param("capAmount", r.capAmount()).param("endDate", r.endDate())
                .param("milestones", json.write(r.milestones())).param("retainer", r.retainerMonthlyAmount())
                .param("reason", r.reason()).param("correlationId", Correlation.current()).update();
        jdbc.sql("""
                UPDATE crm.opportunities SET end_date = COALESCE(:endDate, end_date),
                    cap_amount = COALESCE(:capAmount, cap_amount),
                    rate_card = COALESCE(CAST(:rateCard AS jsonb), rate_card),
                    milestones = COALESCE(CAST(:milestones AS jsonb), milestones),
                    retainer_monthly_amount = COALESCE(:retainer, retainer_monthly_amount),
                    correlation_id = COALESCE(:correlationId, correlation_id), updated_at = now()
                WHERE id = :id
                """).param("endDate", r.endDate()).param("capAmount", r.capAmount())
                .param("rateCard", json.write(r.rateCard())).param("milestones", json.write(r.milestones()))
                .param("retainer", r.retainerMonthlyAmount()).param("correlationId", Correlation.current())
                .param("id", opportunityId).update();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("opportunityId", opportunityId);
        data.put("amendmentId", id);
        data.put("number", r.number());
        data.put("effectiveFrom", r.effectiveFrom().toString());
        events.publish("crm", "contract.amended", data);
        return amendments("id = :id", id).getFirst();
    }

    public List<Amendment> amendments(String opportunityId) {
        opportunity(opportunityId);
        return amendments("opportunity_id = :id", opportunityId);
    }

    private List<Amendment> amendments(String where, String id) {
        return jdbc.sql("SELECT * FROM crm.contract_amendments WHERE " + where + " ORDER BY opportunity_id, number")
                .param("id", id).query(this::mapAmendment).list();
    }

    private Amendment mapAmendment(ResultSet rs, int row) throws SQLException {
        return new Amendment(rs.getString("id"), rs.getString("opportunity_id"), rs.getInt("number"),
                Rows.date(rs, "effective_from"), json.read(rs.getString("rate_card"), RateCard.class),
                Rows.decimal(rs, "cap_amount"), Rows.date(rs, "end_date"),
                json.read(rs.getString("milestones"), AMENDMENT_MILESTONES), Rows.decimal(rs, "retainer_monthly_amount"),
                rs.getString("reason"), rs.getString("correlation_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static final TypeReference<List<OpportunityMilestone>> AMENDMENT_MILESTONES = new TypeReference<>() {
    };

    /** OPEN → LOST; LOST again answers unchanged; a WON opportunity cannot be lost (409). */
    public Opportunity lose(String id, String reason) {
        Opportunity current = lockOpportunity(id);
        if (current.stage() == Stage.LOST) {
            return current;
        }
        if (current.stage() == Stage.WON) {
            throw ApiException.conflict("Opportunity " + id + " is WON and cannot be lost");
        }
        jdbc.sql("""
                UPDATE crm.opportunities SET stage = 'LOST', lost_at = now(), lost_reason = :reason, updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """).param("reason", reason).param("correlationId", Correlation.current()).param("id", id).update();
        return opportunity(id);
    }

    /** An upserted invoice status and whether this call created it. */
    public record InvoiceSync(OpportunityInvoice invoice, boolean created) {
    }

    /**
     * Upserts the status of invoice {@code invoiceRef} on a WON opportunity (else 409): the fields given replace the
     * stored ones. Balance above total → 400; 2 decimals.
     */
    public InvoiceSync syncInvoice(String id, String invoiceRef, InvoiceStatusRequest r) {
        Checks.start().scale("total", r.total(), 2).scale("balance", r.balance(), 2)
                .check(r.balance().compareTo(r.total()) <= 0, "balance", "must not exceed total")
                .check(invoiceRef.length() <= 100, "invoiceRef", "at most 100 characters")
                .orThrow();
        Opportunity current = lockOpportunity(id);
        if (current.stage() != Stage.WON) {
            throw ApiException.conflict("Opportunity " + id + " is " + current.stage()
                    + "; invoice statuses are recorded on WON opportunities").with("stage", current.stage().name());
        }
        boolean exists = !opportunityInvoices("opportunity_id = :id AND invoice_ref = :ref", id, invoiceRef).isEmpty();
        jdbc.sql("""
                INSERT INTO crm.opportunity_invoices (id, opportunity_id, invoice_ref, status, total, balance, currency,
                    due_date, correlation_id)
                VALUES (:newId, :id, :ref, :status, :total, :balance, :currency, :dueDate, :correlationId)
                ON CONFLICT (opportunity_id, invoice_ref) DO UPDATE SET status = EXCLUDED.status, total = EXCLUDED.total,
                    balance = EXCLUDED.balance, currency = EXCLUDED.currency, due_date = EXCLUDED.due_date,
                    updated_at = now(), correlation_id = COALESCE(EXCLUDED.correlation_id, opportunity_invoices.correlation_id)
                """)
                .param("newId", Ids.next("oin")).param("id", id).param("ref", invoiceRef).param("status", r.status())
                .param("total", r.total()).param("balance", r.balance()).param("currency", r.currency())
                .param("dueDate", r.dueDate()).param("correlationId", Correlation.current())
                .update();
        return new InvoiceSync(opportunityInvoices("opportunity_id = :id AND invoice_ref = :ref", id, invoiceRef).getFirst(),
                !exists);
    }

    public List<OpportunityInvoice> opportunityInvoices(String id) {
        opportunity(id);
        return opportunityInvoices("opportunity_id = :id", id, "");
    }

    private List<OpportunityInvoice> opportunityInvoices(String where, String id, String ref) {
        return jdbc.sql("SELECT * FROM crm.opportunity_invoices WHERE " + where + " ORDER BY created_at, id")
                .param("id", id).param("ref", ref).query(CrmService::mapOpportunityInvoice).list();
    }

    private static OpportunityInvoice mapOpportunityInvoice(ResultSet rs, int row) throws SQLException {
        return new OpportunityInvoice(rs.getString("id"), rs.getString("opportunity_id"), rs.getString("invoice_ref"),
                rs.getString("status"), Rows.decimal(rs, "total"), Rows.decimal(rs, "balance"), rs.getString("currency"),
                Rows.date(rs, "due_date"), rs.getString("correlation_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    /** Stores the ids o2c created downstream and the delivery status; absent ids keep their previous value. */
    public Opportunity recordDelivery(String id, DeliveryRequest r) {
        Opportunity current = lockOpportunity(id);
        if (current.stage() != Stage.WON) {
            throw ApiException.conflict("Opportunity " + id + " is " + current.stage() + "; delivery is recorded on WON opportunities");
        }
        jdbc.sql("""
                UPDATE crm.opportunities SET
                    psa_project_id = COALESCE(:psaProjectId, psa_project_id),
                    erp_customer_id = COALESCE(:erpCustomerId, erp_customer_id),
                    erp_project_id = COALESCE(:erpProjectId, erp_project_id),
                    billing_plan_id = COALESCE(:billingPlanId, billing_plan_id),
                    delivery_status = :deliveryStatus, delivery_updated_at = now(), updated_at = now(),
                    correlation_id = COALESCE(:correlationId, correlation_id)
                WHERE id = :id
                """)
                .param("psaProjectId", r.psaProjectId()).param("erpCustomerId", r.erpCustomerId())
                .param("erpProjectId", r.erpProjectId()).param("billingPlanId", r.billingPlanId())
                .param("deliveryStatus", r.deliveryStatus()).param("correlationId", Correlation.current())
                .param("id", id)
                .update();
        return opportunity(id);
    }

    public Opportunity opportunity(String id) {
        return jdbc.sql("SELECT * FROM crm.opportunities WHERE id = :id").param("id", id).query(this::mapOpportunity)
                .optional().orElseThrow(() -> ApiException.notFound("opportunity", id));
    }

    private Opportunity lockOpportunity(String id) {
        return jdbc.sql("SELECT * FROM crm.opportunities WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::mapOpportunity).optional().orElseThrow(() -> ApiException.notFound("opportunity", id));
    }

    public List<Opportunity> opportunities(Stage stage, String accountId) {
        return jdbc.sql("""
                SELECT * FROM crm.opportunities
                 WHERE (CAST(:stage AS text) IS NULL OR stage = :stage)
                   AND (CAST(:accountId AS text) IS NULL OR account_id = :accountId)
                 ORDER BY created_at, id
                """).param("stage", Rows.name(stage)).param("accountId", accountId).query(this::mapOpportunity).list();
    }

    /** One page of the opportunities in {@code stage} (null: all) in id order (byte order), after {@code after}. */
    public Page<Opportunity> opportunityPage(Stage stage, String after, Integer limit) {
        return KeyRange.of(after, null, limit, null).query(jdbc,
                "SELECT * FROM crm.opportunities WHERE (CAST(:stage AS text) IS NULL OR stage = :stage)",
                Collections.singletonMap("stage", Rows.name(stage)), "id", "id", this::mapOpportunity,
                Opportunity::id, Opportunity::id);
    }

    private Opportunity mapOpportunity(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("delivery_status");
        Delivery delivery = status == null ? null : new Delivery(rs.getString("psa_project_id"),
                rs.getString("erp_customer_id"), rs.getString("erp_project_id"), rs.getString("billing_plan_id"),
                status, Rows.instant(rs, "delivery_updated_at"));
        return new Opportunity(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
                Stage.valueOf(rs.getString("stage")), Rows.decimal(rs, "amount"), rs.getString("currency"),
                Rows.enumOf(rs, "billing_model", BillingModel.class), Rows.date(rs, "start_date"),
                Rows.date(rs, "end_date"), Rows.decimal(rs, "cap_amount"),
                json.read(rs.getString("rate_card"), RateCard.class), json.read(rs.getString("milestones"), MILESTONES),
                Rows.decimal(rs, "retainer_monthly_amount"), json.read(rs.getString("work_breakdown"), WorkBreakdown.class),
                Rows.instant(rs, "won_at"), Rows.instant(rs, "lost_at"), rs.getString("lost_reason"), delivery,
                rs.getString("correlation_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    // ---- tasks

    public CrmTask createTask(TaskRequest r) {
        Checks checks = Checks.start();
        if (!exists("crm.accounts", r.accountId())) {
            checks.check(false, "accountId", "unknown account " + r.accountId());
        }
        if (r.opportunityId() != null) {
            String owner = jdbc.sql("SELECT account_id FROM crm.opportunities WHERE id = :id").param("id", r.opportunityId())
                    .query(String.class).optional().orElse(null);
            checks.check(owner != null, "opportunityId", "unknown opportunity " + r.opportunityId());
            checks.check(owner == null || owner.equals(r.accountId()), "opportunityId", "belongs to another account");
        }
        checks.orThrow();
        String id = Ids.next("tsk");
        jdbc.sql("""
                INSERT INTO crm.tasks (id, account_id, opportunity_id, subject, body, assignee, correlation_id)
                VALUES (:id, :accountId, :opportunityId, :subject, :body, :assignee, :correlationId)
                """)
                .param("id", id).param("accountId", r.accountId()).param("opportunityId", r.opportunityId())
                .param("subject", r.subject()).param("body", r.body()).param("assignee", r.assignee())
                .param("correlationId", Correlation.current())
                .update();
        return jdbc.sql("SELECT * FROM crm.tasks WHERE id = :id").param("id", id).query(CrmService::mapTask).single();
    }

    public List<CrmTask> tasks(String accountId, String opportunityId) {
        return jdbc.sql("""
                SELECT * FROM crm.tasks
                 WHERE (CAST(:accountId AS text) IS NULL OR account_id = :accountId)
                   AND (CAST(:opportunityId AS text) IS NULL OR opportunity_id = :opportunityId)
                 ORDER BY created_at, id
                """).param("accountId", accountId).param("opportunityId", opportunityId).query(CrmService::mapTask).list();
    }

    private static CrmTask mapTask(ResultSet rs, int row) throws SQLException {
        return new CrmTask(rs.getString("id"), rs.getString("account_id"), rs.getString("opportunity_id"),
                rs.getString("subject"), rs.getString("body"), rs.getString("assignee"), rs.getString("correlation_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private boolean exists(String table, String id) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    @Override
    public String system() {
        return "crm";
    }

    @Override
    public Map<String, List<?>> snapshot() {
        Map<String, List<?>> all = new LinkedHashMap<>();
        all.put("accounts", accounts());
        all.put("contacts", jdbc.sql("SELECT * FROM crm.contacts ORDER BY created_at, id").query(CrmService::mapContact).list());
        all.put("opportunities", opportunities(null, null));
        all.put("tasks", tasks(null, null));
        all.put("amendments", jdbc.sql("SELECT * FROM crm.contract_amendments ORDER BY created_at, id")
                .query(this::mapAmendment).list());
        all.put("opportunityInvoices", jdbc.sql("SELECT * FROM crm.opportunity_invoices ORDER BY created_at, id")
                .query(CrmService::mapOpportunityInvoice).list());
        return all;
    }
}
