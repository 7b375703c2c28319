package dev.o2c.activities.erp;

import dev.o2c.workflows.systems.ReceivableRead;
import dev.o2c.activities.http.Call;
import dev.o2c.activities.http.CallContext;
import dev.o2c.activities.http.ExternalRefs;
import dev.o2c.activities.http.FailureClassifier;
import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.http.Reply;
import dev.o2c.activities.http.SystemClient;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.Terms;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.LegalEntityDraft;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.saga.IdempotencyKeys;
import dev.o2c.workflows.systems.Ack;
import dev.o2c.workflows.systems.Created;
import dev.o2c.workflows.systems.CustomerLookup;
import dev.o2c.workflows.systems.CustomerUpserted;
import dev.o2c.workflows.systems.ErpActivities;
import dev.o2c.workflows.systems.LegalEntityRead;
import dev.o2c.workflows.systems.TaxRateRead;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** ERP connector ({@code /erp/v1}). */
@Component
// also on the workflow worker: opportunity-to-project runs this connector's reads there as local activities
@ActivityImpl(workers = {TaskQueues.ERP, TaskQueues.WORKFLOWS})
public class ErpActivitiesImpl implements ErpActivities {

    private static final Logger log = LoggerFactory.getLogger(ErpActivitiesImpl.class);

    /** The status of an ERP project that no longer counts: closed (by a compensation, or at the end of delivery). */
    private static final Set<String> PROJECT_UNDONE = Set.of("CLOSED");

    private final SystemClient erp;

    public ErpActivitiesImpl(SystemClients clients) {
        this.erp = clients.erp();
    }

    /**
     * {@code GET /legal-entities}, picking the one with this code ({@code code}, {@code name}, {@code currency}).
     * Read-only. An unknown code is not an error: the result has no entity, and the workflow's validation reports it.
     * A blank code asks nothing.
     */
    @Override
    public LegalEntityRead readLegalEntity(String code) {
        if (code == null || code.isBlank()) {
            return new LegalEntityRead(null, CallContext.current().attempt());
        }
        String wanted = code.strip();
        for (JsonNode entity : erp.send(Call.get("/legal-entities").objectRef(wanted)).body()) {
            if (wanted.equals(JsonFields.text(entity, "code"))) {
                return new LegalEntityRead(new LegalEntityDraft(wanted, JsonFields.text(entity, "name"),
                        JsonFields.text(entity, "currency")), CallContext.current().attempt());
            }
        }
        log.info("erp: no legal entity with code {}", wanted);
        return new LegalEntityRead(null, CallContext.current().attempt());
    }

    /** {@code POST /customers}: the ERP upserts by external id (the CRM account id), 201 created / 200 updated. */
    @Override
    public CustomerUpserted upsertCustomer(String idempotencyKey, Customer customer) {
        Reply reply = erp.send(upsert(idempotencyKey, customer));
        return new CustomerUpserted(reply.text("id"), created(reply), CallContext.current().attempt());
    }

    /**
     * Compensation of {@link #upsertCustomer} for runs recorded before {@link #deactivateCustomer} existed; new runs
     * never call it. It must learn whether the upsert under {@code upsertKey} created the customer, and the only way
     * the ERP tells is the key's first answer ({@code created}), so it replays that upsert. A replay whose key never
     * reached the ERP is a real upsert, though: it would reactivate an inactive customer and overwrite data someone
     * changed since. So it replays only when that cannot change anything:
     *
     * <ul>
     *   <li>no customer with this external id: the upsert never reached the ERP, nothing to undo;</li>
     *   <li>the customer is inactive: nothing to undo either (and a replay could reactivate it);</li>
     *   <li>the customer's data differs from what this process sends: either the upsert never happened or someone
     *       changed the customer since; it is left active and unchanged (logged);</li>
     *   <li>otherwise the replay either answers the key's first answer or writes identical data to an active
     *       customer. Only when it answers {@code created=true} (and, as in {@link #deactivateCustomer}, the customer
     *       has no open ERP project) is the customer deactivated. A rejected upsert (4xx, also replayed) created
     *       nothing.</li>
     * </ul>
     *
     * @deprecated kept for workflow histories recorded before {@link #deactivateCustomer}; remove once none is
     *     running
     */
    @Deprecated
    @Override
    public Ack deactivateCustomerIfCreated(String idempotencyKey, String upsertKey, Customer customer) {
        List<JsonNode> existing = customersByExternalId(customer.externalId());
        if (existing.isEmpty()) {
            log.info("erp: no customer with external id {}; nothing to deactivate", customer.externalId());
            return new Ack(CallContext.current().attempt());
        }
        JsonNode current = existing.getFirst();
        String currentId = JsonFields.text(current, "id");
        List<String> differences = differences(current, customer);
        if ("INACTIVE".equals(JsonFields.text(current, "status"))) {
            log.info("erp: customer {} is already inactive; the upsert is not replayed (it would reactivate it)",
                    currentId);
        } else if (!differences.isEmpty()) {
            log.info("erp: customer {} differs from what this process would have written ({}): either its upsert never"
                    + " ran or the customer changed since; left active and unchanged (a replay could overwrite it)",
                    currentId, String.join(", ", differences));
        } else {
            Reply replay = erp.send(upsert(upsertKey, customer).accept(400, 404, 409, 422));
            if (replay.status() >= 400) {
                log.info("erp: the upsert under key {} was answered {}; it created nothing, nothing to deactivate",
                        upsertKey, replay.status());
            } else if (!created(replay)) {
                log.info("erp: customer {} existed before this process; left active", replay.text("id"));
            } else {
                deactivateUnlessInUse(idempotencyKey, replay.text("id"), null);
            }
        }
        return new Ack(CallContext.current().attempt());
    }

    /** {@code GET /customers?externalId=}: the customer's id and status, or none. Read-only. */
    @Override
    public CustomerLookup findCustomer(String externalId) {
        List<JsonNode> found = customersByExternalId(externalId);
        int attempt = CallContext.current().attempt();
        if (found.isEmpty()) {
            return new CustomerLookup(null, null, attempt);
        }
        JsonNode customer = found.get(0);
        return new CustomerLookup(JsonFields.text(customer, "id"), JsonFields.text(customer, "status"), attempt);
    }

    /**
     * Reads only, then writes at most the deactivation: looks the customer up by external id and, unless it is absent
     * or already inactive, lists its ERP projects ({@code GET /projects?customerId=}). A project that is not CLOSED
     * and whose external ref is not {@code exceptProjectRef} belongs to another engagement of the same account, so
     * the customer is left active (and the reason logged); otherwise {@code POST /customers/{id}/deactivate}
     * (idempotent in the ERP). Called only when the workflow's history says this saga created the customer.
     */
    @Override
    public Ack deactivateCustomer(String idempotencyKey, String externalId, String exceptProjectRef) {
        CustomerLookup lookup = findCustomer(externalId);
        if (!lookup.exists()) {
            log.info("erp: no customer with external id {}; nothing to deactivate", externalId);
        } else if ("INACTIVE".equals(lookup.status())) {
            log.info("erp: customer {} is already inactive", lookup.erpCustomerId());
        } else {
            deactivateUnlessInUse(idempotencyKey, lookup.erpCustomerId(), exceptProjectRef);
        }
        return new Ack(CallContext.current().attempt());
    }

    /** Deactivates the customer unless another engagement's ERP project still uses it. */
    private void deactivateUnlessInUse(String idempotencyKey, String customerId, String exceptProjectRef) {
        List<String> inUse = otherOpenProjects(customerId, exceptProjectRef);
        if (!inUse.isEmpty()) {
            log.info("erp: customer {} left active: it still has open ERP projects of other engagements ({})",
                    customerId, String.join(", ", inUse));
            return;
        }
        erp.send(Call.post("/customers/{id}/deactivate", customerId).idempotencyKey(idempotencyKey)
                .objectRef(customerId));
    }

    /**
     * {@code GET /projects?customerId=}: the customer's projects that are not CLOSED, other than the one with external
     * ref {@code exceptProjectRef} ({@code id (externalRef)}). Filtered again on our side, like every lookup.
     */
    private List<String> otherOpenProjects(String customerId, String exceptProjectRef) {
        List<String> open = new ArrayList<>();
        for (JsonNode project : erp.send(Call.get("/projects?customerId={id}", customerId).objectRef(customerId))
                .body()) {
            String ref = JsonFields.text(project, "externalRef");
            if (customerId.equals(JsonFields.text(project, "customerId"))
                    && !PROJECT_UNDONE.contains(JsonFields.text(project, "status"))
                    && (exceptProjectRef == null || !exceptProjectRef.equals(ref))) {
                open.add(JsonFields.text(project, "id") + " (" + ref + ")");
            }
        }
        return open;
    }

    /**
     * {@code POST /projects}; external ref = the opportunity id. The revenue method follows the billing model. The
     * ERP project has no field for the PSA project id: the shared external ref links them. In an operator RETRY round,
     * finds an open project with this external ref first ({@link ExternalRefs#findOrCreate}).
     */
    @Override
    public Created createProject(String idempotencyKey, Engagement engagement, String erpCustomerId,
            String psaProjectId) {
        ProjectRequest request = new ProjectRequest(
                engagement.opportunityId(),
                erpCustomerId,
                engagement.name(),
                engagement.customer().currency(),
                engagement.contract().billingModel().revenueMethod());
        return ExternalRefs.findOrCreate(erp, "/projects", request, idempotencyKey, engagement.opportunityId(),
                PROJECT_UNDONE);
    }

    /** Finds the ERP project by external ref and {@code POST /projects/{id}/close}s it; nothing to do when none is open. */
    @Override
    public Ack closeProject(String idempotencyKey, String externalRef) {
        return ExternalRefs.compensate(erp, "/projects", externalRef, PROJECT_UNDONE, "close", idempotencyKey);
    }


    private Call upsert(String idempotencyKey, Customer customer) {
        Address address = customer.billingAddress();
        CustomerRequest request = new CustomerRequest(
                customer.externalId(),
                customer.name(),
                customer.legalEntity().code(),
                customer.taxId(),
                customer.currency(),
                new AddressRequest(address.line1(), address.line2(), address.city(), address.postalCode(),
                        address.region(), address.country()),
                customer.paymentTerms().netDays());
        return Call.post("/customers").body(request).idempotencyKey(idempotencyKey).objectRef(customer.externalId());
    }

    private List<JsonNode> customersByExternalId(String externalId) {
        JsonNode list = erp.send(Call.get("/customers?externalId={id}", externalId).objectRef(externalId)).body();
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode customer : list) {
            if (externalId.equals(JsonFields.text(customer, "externalId"))) {
                found.add(customer);
            }
        }
        return found;
    }

    /** The fields in which the ERP's customer differs from what an upsert of {@code customer} would write. */
    private static List<String> differences(JsonNode current, Customer customer) {
        Address address = customer.billingAddress();
        JsonNode currentAddress = current.path("billingAddress");
        Map<String, Object[]> fields = new LinkedHashMap<>();
        fields.put("name", new Object[] {JsonFields.text(current, "name"), customer.name()});
        fields.put("legalEntity", new Object[] {JsonFields.text(current, "legalEntity"), customer.legalEntity().code()});
        fields.put("taxId", new Object[] {JsonFields.text(current, "taxId"), customer.taxId()});
        fields.put("currency", new Object[] {JsonFields.text(current, "currency"), customer.currency()});
        fields.put("paymentTermsDays", new Object[] {JsonFields.text(current, "paymentTermsDays"),
                String.valueOf(customer.paymentTerms().netDays())});
        fields.put("billingAddress.line1", new Object[] {JsonFields.text(currentAddress, "line1"), address.line1()});
        fields.put("billingAddress.line2", new Object[] {JsonFields.text(currentAddress, "line2"), address.line2()});
        fields.put("billingAddress.city", new Object[] {JsonFields.text(currentAddress, "city"), address.city()});
        fields.put("billingAddress.postalCode",
                new Object[] {JsonFields.text(currentAddress, "postalCode"), address.postalCode()});
        fields.put("billingAddress.region", new Object[] {JsonFields.text(currentAddress, "region"), address.region()});
        fields.put("billingAddress.country",
                new Object[] {JsonFields.text(currentAddress, "country"), address.country()});
        List<String> differing = new ArrayList<>();
        fields.forEach((field, values) -> {
            if (!Objects.equals(blankToNull(values[0]), blankToNull(values[1]))) {
                differing.add(field);
            }
        });
        return differing;
    }

    private static String blankToNull(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static boolean created(Reply reply) {
        String created = reply.text("created");
        return created != null ? Boolean.parseBoolean(created) : reply.status() == 201;
    }

    record CustomerRequest(
            String externalId,
            String name,
            String legalEntity,
            String taxId,
            String currency,
            AddressRequest billingAddress,
            int paymentTermsDays) {}

    record AddressRequest(
            String line1, String line2, String city, String postalCode, String region, String country) {}

    record ProjectRequest(String externalRef, String customerId, String name, String currency, String revenueMethod) {}

    // ---- project-to-billing

    /**
     * {@code GET /tax-rates?legalEntity=&country=&date=}: the rate in force (the entity's rate for the country, else
     * its default). Read-only. None in force (404) is an answer, {@code found == false}, not a failure; an unknown
     * legal entity or a malformed country is a 400, so a non-retryable {@code o2c.validation}.
     */
    @Override
    public TaxRateRead readTaxRate(String legalEntity, String country, LocalDate date) {
        Reply reply = erp.send(Call.get("/tax-rates?legalEntity={entity}&country={country}&date={date}", legalEntity,
                country, date).objectRef(legalEntity + "/" + country + "/" + date).accept(404));
        if (reply.status() == 404) {
            log.info("erp: no tax rate for {} and country {} on {}", legalEntity, country, date);
            return new TaxRateRead(false, null, null);
        }
        String rate = reply.text("ratePercent");
        return new TaxRateRead(true, rate == null ? null : new BigDecimal(rate), reply.text("taxCode"));
    }

    /**
     * {@code POST /receivables} ({@code customerId, invoiceRef, amount, currency, dueDate}); the ERP keeps one
     * receivable per invoice ref, so it is found or created like {@link ExternalRefs#findOrCreate}: in an operator
     * RETRY round it first looks for one ({@code GET /receivables?invoiceRef=}), and a {@code 409} naming the
     * {@code existingId} (an earlier round or attempt created it) answers that id. Any other 409 (an inactive
     * customer) is {@code o2c.conflict}, an unknown customer a 400 ({@code o2c.validation}).
     */
    @Override
    public Created postReceivable(String idempotencyKey, String erpCustomerId, String invoiceRef, Money amount,
            LocalDate dueDate) {
        if (IdempotencyKeys.isRetryRound(idempotencyKey)) {
            for (JsonNode receivable : erp.send(Call.get("/receivables?invoiceRef={ref}", invoiceRef)
                    .objectRef(invoiceRef)).body()) {
                String id = JsonFields.text(receivable, "id");
                if (id != null && invoiceRef.equals(JsonFields.text(receivable, "invoiceRef"))) {
                    log.info("erp: retry round {} finds receivable {} of invoice {}; not creating another",
                            idempotencyKey, id, invoiceRef);
                    return new Created(id, CallContext.current().attempt());
                }
            }
        }
        Map<String, Object> body = Terms.present("customerId", erpCustomerId, "invoiceRef", invoiceRef,
                "amount", Terms.amount(amount), "currency", amount.currency(), "dueDate", dueDate);
        return createOrExisting("/receivables", body, idempotencyKey, invoiceRef, "receivable of invoice " + invoiceRef);
    }

    /**
     * {@code POST /revenue-entries} ({@code projectId, period, amount, currency, method, sourceRef, description}); the
     * ERP books one entry per project, period and source ref: a {@code 409} naming the {@code existingId} answers that
     * entry. Any other 409 (the project is not OPEN) is {@code o2c.conflict}; an unknown project, a currency other
     * than the project's or a malformed period is a 400 ({@code o2c.validation}).
     */
    @Override
    public Created postRevenue(String idempotencyKey, String erpProjectId, String period, Money amount, String method,
            String sourceRef, String description) {
        Map<String, Object> body = Terms.present("projectId", erpProjectId, "period", period,
                "amount", Terms.amount(amount), "currency", amount.currency(), "method", method,
                "sourceRef", sourceRef, "description", description);
        return createOrExisting("/revenue-entries", body, idempotencyKey, erpProjectId + "/" + period + "/" + sourceRef,
                "revenue entry " + period + "/" + sourceRef + " of project " + erpProjectId);
    }

    /**
     * {@code PATCH /projects/{id}} with only the terms given ({@code endDate}, {@code contractAmount} as a decimal
     * string); nothing given: no call. A contract amount first reads the project to check that it is in the
     * project's currency (another: non-retryable {@code o2c.validation}). An unknown project is
     * {@code o2c.not-found}, a CLOSED one {@code o2c.conflict}.
     */
    @Override
    public Ack updateProjectTerms(String idempotencyKey, String erpProjectId, LocalDate endDate,
            Money contractAmount) {
        if (endDate == null && contractAmount == null) {
            log.info("erp: no term of project {} to change", erpProjectId);
            return new Ack(CallContext.current().attempt());
        }
        if (contractAmount != null) {
            JsonNode project = erp.send(Call.get("/projects/{id}", erpProjectId).objectRef(erpProjectId)).body();
            Terms.requireCurrency(contractAmount, JsonFields.text(project, "currency"), "contractAmount",
                    "erp project " + erpProjectId);
        }
        erp.send(Call.patch("/projects/{id}", erpProjectId)
                .body(Terms.present("endDate", endDate, "contractAmount", Terms.amount(contractAmount)))
                .idempotencyKey(idempotencyKey)
                .objectRef(erpProjectId));
        return new Ack(CallContext.current().attempt());
    }

    /**
     * {@code POST <collection>} of an object the ERP keeps once per business key: a 409 with {@code existingId} is
     * the object that key already has (created by an earlier attempt, round or incarnation), answered as created;
     * any other 409 fails as the classifier says ({@code o2c.conflict}).
     */
    private Created createOrExisting(String collection, Object body, String idempotencyKey, String objectRef,
            String what) {
        return createOrExisting(Call.post(collection).body(body).idempotencyKey(idempotencyKey).objectRef(objectRef),
                what);
    }

    /** {@link #createOrExisting(String, Object, String, String, String)} of a ready call (a path with variables). */
    private Created createOrExisting(Call call, String what) {
        Reply reply = erp.send(call.accept(409));
        if (reply.status() == 409) {
            String existing = reply.text("existingId");
            if (existing == null) {
                throw FailureClassifier.forResponse(erp.system() + " " + call.operation(), 409, null,
                        reply.body().toString());
            }
            log.info("erp: the {} exists already: {}; answering it", what, existing);
            return new Created(existing, CallContext.current().attempt());
        }
        return new Created(reply.text("id"), CallContext.current().attempt());
    }

    // ---- invoice-to-cash

    /**
     * {@code GET /receivables?invoiceRef=}, filtered again on our side: the receivable of the invoice (id, status,
     * amount, balance in its currency), or one with a {@code null} id when the ERP has none. Read-only; 5xx and 429
     * are retried.
     */
    @Override
    public ReceivableRead findReceivable(String invoiceRef) {
        for (JsonNode receivable : erp.send(Call.get("/receivables?invoiceRef={ref}", invoiceRef).objectRef(invoiceRef))
                .body()) {
            if (invoiceRef.equals(JsonFields.text(receivable, "invoiceRef"))) {
                return receivableRead(receivable);
            }
        }
        log.info("erp: no receivable of invoice {}", invoiceRef);
        return new ReceivableRead(null, invoiceRef, null, null, null);
    }

    /**
     * Exactly once per {@code paymentRef}, whatever the key (the ERP does not deduplicate payments by reference): first
     * {@code GET /receivables/{id}}; a payment with this {@code paymentRef} already on it is answered by its id without
     * posting. Otherwise {@code POST /receivables/{id}/payments} with {@code {paymentRef, amount, currency,
     * receivedOn}} under the key (a retry of the same key is answered the first result). An overpayment (409) is
     * {@code o2c.conflict}; another currency than the receivable's (the ERP answers 400) {@code o2c.validation}; an
     * unknown receivable (404) {@code o2c.not-found}, all non-retryable; 5xx and 429 are retried. Read and post are two
     * calls, so two concurrent calls for the same payment could both post: the workflow applies a payment from one
     * activity at a time.
     */
    @Override
    public Created applyPayment(String idempotencyKey, String receivableId, String paymentRef, Money amount,
            LocalDate receivedOn) {
        JsonNode receivable = erp.send(Call.get("/receivables/{id}", receivableId).objectRef(receivableId)).body();
        for (JsonNode payment : receivable.path("payments")) {
            if (paymentRef.equals(JsonFields.text(payment, "paymentRef"))) {
                String id = JsonFields.text(payment, "id");
                log.info("erp: payment {} is on receivable {} already: {}; not applying it again", paymentRef,
                        receivableId, id);
                return new Created(id, CallContext.current().attempt());
            }
        }
        Reply reply = erp.send(Call.post("/receivables/{id}/payments", receivableId)
                .body(Terms.present("paymentRef", paymentRef, "amount", Terms.amount(amount),
                        "currency", amount.currency(), "receivedOn", receivedOn))
                .idempotencyKey(idempotencyKey)
                .objectRef(receivableId));
        return new Created(reply.text("id"), CallContext.current().attempt());
    }

    /**
     * {@code POST /receivables/{id}/credits} with {@code {creditRef, amount, currency, reason}}: 201 with the
     * {@code rcr_} credit. The ERP keeps one credit per {@code creditRef} on a receivable: a 409 naming the
     * {@code existingId} answers that credit. Any other 409 (more than the balance) is {@code o2c.conflict}; another
     * currency (400) {@code o2c.validation}; an unknown receivable (404) {@code o2c.not-found}, all non-retryable; 5xx
     * and 429 are retried.
     */
    @Override
    public Created creditReceivable(String idempotencyKey, String receivableId, String creditRef, Money amount,
            String reason) {
        return createOrExisting(Call.post("/receivables/{id}/credits", receivableId)
                .body(Terms.present("creditRef", creditRef, "amount", Terms.amount(amount),
                        "currency", amount.currency(), "reason", reason))
                .idempotencyKey(idempotencyKey)
                .objectRef(receivableId), "credit " + creditRef + " of receivable " + receivableId);
    }

    /**
     * {@code POST /receivables/{id}/write-offs} with {@code {amount, currency, reason}}: 201 with the {@code rwo_}
     * write-off. Idempotent on the key. More than the balance (409) is {@code o2c.conflict}; another currency (400)
     * {@code o2c.validation}; an unknown receivable (404) {@code o2c.not-found}, all non-retryable; 5xx and 429 are
     * retried.
     */
    @Override
    public Created writeOffReceivable(String idempotencyKey, String receivableId, Money amount, String reason) {
        Reply reply = erp.send(Call.post("/receivables/{id}/write-offs", receivableId)
                .body(Terms.present("amount", Terms.amount(amount), "currency", amount.currency(), "reason", reason))
                .idempotencyKey(idempotencyKey)
                .objectRef(receivableId));
        return new Created(reply.text("id"), CallContext.current().attempt());
    }

    /**
     * {@code POST /receivables/{id}/reverse} with {@code {reason}}: an unpaid receivable becomes REVERSED (balance 0);
     * one already REVERSED is answered unchanged (200), so this is idempotent. A receivable with payments or
     * WRITTEN_OFF (409, {@code receivableStatus}) is {@code o2c.conflict}, an unknown one (404) {@code o2c.not-found},
     * both non-retryable; 5xx and 429 are retried.
     */
    @Override
    public Ack reverseReceivable(String idempotencyKey, String receivableId, String reason) {
        erp.send(Call.post("/receivables/{id}/reverse", receivableId)
                .body(Terms.present("reason", reason))
                .idempotencyKey(idempotencyKey)
                .objectRef(receivableId));
        return new Ack(CallContext.current().attempt());
    }

    private static ReceivableRead receivableRead(JsonNode receivable) {
        String currency = JsonFields.text(receivable, "currency");
        return new ReceivableRead(JsonFields.text(receivable, "id"), JsonFields.text(receivable, "invoiceRef"),
                JsonFields.text(receivable, "status"), money(receivable, "amount", currency),
                money(receivable, "balance", currency));
    }

    private static Money money(JsonNode node, String field, String currency) {
        String amount = JsonFields.text(node, field);
        return amount == null || currency == null ? null : Money.of(amount, currency);
    }
}
