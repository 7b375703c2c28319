package dev.o2c.starter.webhook;

import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.process.StartOutcome;
import dev.o2c.starter.process.StartRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Correlation;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.billing.ProjectBillingService;
import dev.o2c.starter.cash.InvoiceService;
import dev.o2c.starter.customer.CustomerSyncService;
import dev.o2c.workflows.customer.AccountUpdated;
import dev.o2c.workflows.billing.AmendmentAccepted;
import dev.o2c.workflows.billing.BillingRefusal;
import dev.o2c.workflows.billing.CrmAmendmentNotice;
import dev.o2c.workflows.billing.InboundEvent;
import dev.o2c.workflows.billing.InboundEventWorkflow;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.billing.WorkApproved;
import dev.o2c.workflows.cash.InvoiceCredited;
import dev.o2c.workflows.cash.InvoiceRejected;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.cash.PaymentReceived;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.opportunity.OpportunityToProjectSteps;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import dev.o2c.starter.events.EventIds;
import dev.o2c.starter.events.EventRecord;
import dev.o2c.starter.events.EventRouter;
import dev.o2c.starter.events.InboundEventStatus;
import dev.o2c.starter.events.InboundEvents;
import dev.o2c.starter.events.SignatureVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Inbound system events (docs/contracts.md, "Webhooks"). Verifies, parses and dispatches one event.
 *
 * <p>Delivery is at least once, so handling is idempotent: {@code opportunity.won} starts opportunity-to-project
 * through {@link ProcessStarter#startUnlessRan}, whose workflow id is derived from the opportunity, so a redelivered
 * event (or a REST start of the same opportunity) answers the one existing process with a 2xx. An event never starts a
 * second run: once the process ran, whatever its outcome, the event is answered {@code 200 duplicate}; provisioning an
 * aborted or compensated deal again is the explicit {@code POST /opportunity-to-project}. The starter keeps no event table of its
 * own (it only reads the ledger): the workflow id is the deduplication key.
 *
 * <p>Project-to-billing events go to the project's {@code project-billing-{psaProjectId}} process:
 *
 * <ul>
 *   <li>psa {@code time.approved}, {@code expense.approved}, {@code milestone.completed}: the {@code workApproved}
 *       signal ({@link WorkApproved} TIME, EXPENSE, MILESTONE), {@code 202 routed}. A nudge signalled twice is harmless
 *       (the PSA stays the system of record);
 *   <li>crm {@code contract.amended}: the PSA project of the opportunity is read from the ledger (the
 *       {@code psaProjectId} its COMPLETED opportunity-to-project process created), then the {@code amendFromCrm}
 *       Update: {@code 200 applied} (or {@code refused} when the project took the number but could not apply the
 *       change), {@code 200 duplicate} when the number was taken already (an API amendment written back to the CRM, a
 *       redelivery), {@code 409 amendment-out-of-order} when an earlier amendment has not arrived yet (the sender keeps
 *       this one and redelivers it later);
 *   <li>no process takes the event (no such project billing process, or it ended; no provisioned project for the
 *       opportunity; a CRM amendment the project refuses for another reason): the event is parked as
 *       {@code inbound-event-{eventId}} ({@link InboundEventWorkflow}, REJECT_DUPLICATE: a redelivery starts nothing)
 *       and answered {@code 200 unmanaged}, so the sender stops redelivering it and an operator sees it as a parked
 *       process.
 * </ul>
 *
 * <p>Invoice-to-cash events of the invoicing platform go to the invoice's {@code invoice-to-cash-{invoiceId}} process
 * as signals, {@code 202 routed}: {@code payment.received} ({@code paymentReceived}, a {@link PaymentReceived} whose
 * payment id the workflow deduplicates), {@code invoice.rejected} ({@code invoiceRejected}) and
 * {@code invoice.credited} ({@code invoiceCredited}). Ids, amount (a positive decimal string, at most 2 decimals) and
 * currency (3 upper-case letters) are checked first ({@code 400}). When no process runs for the invoice:
 *
 * <ul>
 *   <li>a closed one whose {@code invoice} query has the event's content already (the payment id among its payments,
 *       the credit memo among its credits, a rejection recorded) answers {@code 200 duplicate}: a redelivery after the
 *       invoice was settled raises nothing for a person;
 *   <li>otherwise (no process at all, or a closed one without it) the event is parked as unmanaged, carrying the
 *       payment, rejection or credit, so that finance-ops sees it and can send it on; {@code 200 unmanaged}. Never
 *       dropped.
 * </ul>
 *
 * <p>crm {@code account.updated} goes to the account's {@code customer-sync-{accountId}} process (customer master
 * data) by signal-with-start, {@code 202 routed}: the running process takes it, or a new run starts with it. The
 * process reads both systems itself, so an account without an ERP customer (not provisioned) ends there as "nothing to
 * sync" instead of parking for an operator. Without a customer sync service (a slice) it is answered 422 like an event
 * o2c does not handle yet.
 *
 * <p>Events from another system than the one that owns the type, and unknown event types are answered {@code 422}
 * on purpose, never silently acknowledged: the sender keeps them pending and redelivers them with backoff, so they
 * are processed once o2c learns them instead of being lost.
 */
@Service
public class WebhookService implements EventRouter {

    static final Set<String> SYSTEMS = Set.of("crm", "psa", "erp", "invoicing");
    static final String OPPORTUNITY_WON = "opportunity.won";
    static final String CONTRACT_AMENDED = "contract.amended";
    static final String ACCOUNT_UPDATED = "account.updated";
    /** PSA events signalled to the project's billing as {@code workApproved}: the kind, and the data field of the id. */
    static final Map<String, WorkKind> WORK_EVENTS = Map.of(
            "time.approved", new WorkKind(WorkApproved.TIME, "timeEntryId"),
            "expense.approved", new WorkKind(WorkApproved.EXPENSE, "expenseId"),
            "milestone.completed", new WorkKind(WorkApproved.MILESTONE, "milestoneId"));
    static final String PAYMENT_RECEIVED = "payment.received";
    static final String INVOICE_REJECTED = "invoice.rejected";
    static final String INVOICE_CREDITED = "invoice.credited";
    /** The system whose invoice-to-cash events o2c handles. */
    static final String INVOICING = "invoicing";
    /** Known event types handled from another system than the one that sent them are refused like unbuilt ones. */
    static final Set<String> KNOWN = Set.of(OPPORTUNITY_WON, CONTRACT_AMENDED, "time.approved", "expense.approved",
            "milestone.completed", PAYMENT_RECEIVED, INVOICE_REJECTED, INVOICE_CREDITED, ACCOUNT_UPDATED);
    private static final java.util.regex.Pattern AMOUNT =
            java.util.regex.Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,2})?");
    private static final java.util.regex.Pattern CURRENCY = java.util.regex.Pattern.compile("[A-Z]{3}");

    record WorkKind(String kind, String idField) {}

    /** The key of the PSA project among the ids opportunity-to-project created. */
    static final String PSA_PROJECT_ID = OpportunityToProjectSteps.PSA_PROJECT_ID;

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile(StartRequest.ID_PATTERN);
    /** The longest event id taken. */
    static final int MAX_EVENT_ID = EventIds.MAX_EVENT_ID;
    /** Counter of deliveries refused without a record, by {@code reason}. */
    static final String UNRECORDED = "o2c.webhooks.unrecorded";
    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]+");

    private final WebhookVerifier verifier;
    private final ProcessStarter starter;
    private final ObjectMapper json;
    private final Links links;
    private final ProjectBillingService billing;
    private final ProcessQueries processes;
    private final InvoiceService invoices;
    private final InboundEvents events;
    private final MeterRegistry meters;
    private final ObjectProvider<CustomerSyncService> customers;

    public WebhookService(WebhookVerifier verifier, ProcessStarter starter, ObjectMapper json, Links links,
            ProjectBillingService billing, ProcessQueries processes, InvoiceService invoices, InboundEvents events,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<CustomerSyncService> customers) {
        this.customers = customers;
        this.invoices = invoices;
        this.events = events;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.verifier = verifier;
        this.starter = starter;
        this.json = json;
        this.links = links;
        this.billing = billing;
        this.processes = processes;
    }

    /** The outcome of one delivery: its HTTP status and receipt. */
    public record Handled(HttpStatus status, WebhookReceipt receipt) {}

    /**
     * Verifies, records and routes one delivery. Everything that can be keyed (a body with a usable event id) is
     * recorded in the inbound event ledger before it is answered; a redelivery of an event answered 2xx before is a
     * {@code 200 duplicate} from that record, without routing it again. An unknown system, an unreadable body or one
     * without a usable id is counted ({@value #UNRECORDED}) and logged instead.
     *
     * @throws ApiProblem 404 unknown system, 401 bad signature or stale timestamp, 400 malformed event (or an event id
     *     that is not 1 to 100 of {@code [A-Za-z0-9._:-]}), 403 the event's {@code system} is not the path's, 409 a CRM
     *     amendment out of order, 422 event type not handled, 503 a process did not answer in time or the event could
     *     not be recorded (never acknowledged unrecorded)
     */
    public Handled receive(String system, String timestamp, String signature, String eventTypeHeader, byte[] rawBody) {
        if (!SYSTEMS.contains(system)) {
            unrecorded("unknown-system", system, null);
            throw ApiProblem.notFound(ProblemTypes.UNKNOWN_SYSTEM, "No webhooks for system '" + system
                    + "'; known systems: " + SYSTEMS.stream().sorted().toList());
        }
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        try {
            verifier.verify(system, timestamp, signature, body);
        } catch (ApiProblem rejected) {
            recordUnverified(system, eventTypeHeader, body, rejected);
            throw rejected;
        }

        JsonNode event;
        try {
            event = parse(body);
        } catch (ApiProblem malformed) {
            unrecorded("malformed", system, null);
            throw malformed;
        }
        String eventId = text(event, "id");
        String type = text(event, "type");
        if (type == null) {
            type = eventTypeHeader;
        }
        if (eventId == null) {
            unrecorded("no-event-id", system, null);
            throw ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed event",
                    "An event needs an \"id\" and a \"type\"");
        }
        if (!isEventId(eventId)) {
            unrecorded("invalid-event-id", system, null);
            throw ApiProblem.invalidField("id", "is an event id: 1 to " + MAX_EVENT_ID
                    + " letters, digits and . _ : -");
        }
        InboundEvents.Delivery delivery = new InboundEvents.Delivery(system, eventId, type, SignatureVerdict.VALID,
                Correlation.current(), storable(body));
        String sender = text(event, "system");
        if (sender == null || !sender.equals(system)) {
            ApiProblem mismatch = sender == null
                    ? ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed event",
                            "An event needs a \"system\": the system that sent it")
                    // a valid signature for this path's system, over an event that speaks for another one
                    : new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.SYSTEM_MISMATCH, "Webhook rejected",
                            "The event's \"system\" ('" + sender + "') is not the system of the path ('" + system
                                    + "')").with("eventId", eventId);
            log.warn("Refusing event {} posted to /webhooks/{}: its body says system '{}'", eventId, system, sender);
            events.recordRefused(new InboundEvents.Delivery(system, eventId, type, SignatureVerdict.SYSTEM_MISMATCH,
                    delivery.correlationId(), delivery.payload()), mismatch.type(), mismatch.getMessage());
            throw mismatch;
        }
        EventRecord recorded = events.record(delivery);
        if (InboundEventStatus.ACKNOWLEDGED.contains(recorded.status())) {
            return duplicate(recorded);
        }
        return routeAndSettle(system, eventId, type, event);
    }

    /** A replay (EventRouter): routes the recorded, verified payload again and settles the record. */
    @Override
    public void route(EventRecord event) {
        routeAndSettle(event.system(), event.eventId(), event.type(), parse(
                event.payload().getBytes(StandardCharsets.UTF_8)));
    }

    /** Routes a recorded event and records what came of it, a refusal or failure included (then thrown on). */
    private Handled routeAndSettle(String system, String eventId, String type, JsonNode event) {
        Handled handled;
        try {
            handled = dispatch(system, eventId, type, event);
        } catch (ApiProblem problem) {
            events.settle(system, eventId, problem.status().is4xxClientError()
                    ? InboundEventStatus.REFUSED : InboundEventStatus.FAILED, problem.type(), null, null,
                    problem.getMessage());
            throw problem;
        } catch (RuntimeException e) {
            events.settle(system, eventId, InboundEventStatus.FAILED, "error", null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        WebhookReceipt receipt = handled.receipt();
        events.settle(system, eventId, InboundEventStatus.ofOutcome(receipt.outcome()), receipt.outcome(),
                receipt.workflowId(), receipt.runId(), receipt.detail());
        return handled;
    }

    /** {@code 200 duplicate} from the record of an event answered 2xx before: nothing is routed again. */
    private Handled duplicate(EventRecord recorded) {
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        if (recorded.routedTo() != null) {
            receiptLinks.put("process", links.process(recorded.routedTo()));
            links.putTemporalUi(receiptLinks, recorded.routedTo());
        }
        receiptLinks.put("event", links.api("/events/{id}", recorded.id()));
        log.info("{} event {} redelivered (delivery {}); recorded as {} at {}", recorded.system(), recorded.eventId(),
                recorded.attempts(), recorded.status(), recorded.receivedAt());
        return new Handled(HttpStatus.OK, new WebhookReceipt(recorded.eventId(), recorded.type(), "duplicate",
                recorded.routedTo(), recorded.runId(), "Recorded at " + recorded.receivedAt() + " as "
                        + recorded.status() + " (" + recorded.outcome() + "); delivery " + recorded.attempts(),
                receiptLinks));
    }

    /**
     * Records a delivery whose signature or timestamp did not verify, when its (untrusted) body names a usable event
     * id: the body itself is not kept. A failure to record it changes nothing: it is refused anyway.
     */
    private void recordUnverified(String system, String eventTypeHeader, byte[] body, ApiProblem rejected) {
        String eventId = null;
        String type = eventTypeHeader;
        try {
            JsonNode event = json.readTree(body);
            eventId = text(event, "id");
            type = text(event, "type") == null ? eventTypeHeader : text(event, "type");
        } catch (JacksonException e) {
            // not JSON: nothing to key it by
        }
        SignatureVerdict verdict = SignatureVerdict.ofProblem(rejected.type()).orElse(SignatureVerdict.INVALID);
        if (eventId == null || !isEventId(eventId)) {
            unrecorded(verdict.name().toLowerCase(java.util.Locale.ROOT), system, null);
            return;
        }
        try {
            events.recordRefused(new InboundEvents.Delivery(system, eventId, type, verdict, Correlation.current(),
                    null), rejected.type(), rejected.getMessage());
        } catch (ApiProblem unavailable) {
            unrecorded("ledger-unavailable", system, eventId);
        }
    }

    /** Counts (and logs) a delivery that is not recorded: it has nothing to key it by, or the ledger is away. */
    private void unrecorded(String reason, String system, String eventId) {
        Counter.builder(UNRECORDED).description("webhook deliveries refused without a record (nothing to key them by)")
                .tag("reason", reason).register(meters).increment();
        log.warn("Webhook for system '{}' refused without a record ({}){}", system, reason,
                eventId == null ? "" : ": event " + eventId);
    }

    /**
     * The body as the record's payload; null when PostgreSQL's jsonb cannot hold it (an escaped NUL, {@code \\u0000}):
     * the event is still recorded and routed, only not replayable, instead of failing its record (and so being
     * redelivered) for ever.
     */
    private static String storable(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains("\\u0000") ? null : text;
    }

    private static boolean isEventId(String eventId) {
        return eventId.length() <= MAX_EVENT_ID && EVENT_ID.matcher(eventId).matches();
    }

    /** Routes a verified event of the path's system to the process that takes it. */
    private Handled dispatch(String system, String eventId, String type, JsonNode event) {
        if (type == null) {
            throw ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed event",
                    "An event needs an \"id\" and a \"type\"");
        }
        if (OPPORTUNITY_WON.equals(type) && "crm".equals(system)) {
            return opportunityWon(eventId, event.path("data"));
        }
        if (WORK_EVENTS.containsKey(type) && "psa".equals(system)) {
            return workApproved(eventId, type, WORK_EVENTS.get(type), event.path("data"));
        }
        if (CONTRACT_AMENDED.equals(type) && "crm".equals(system)) {
            return contractAmended(eventId, event.path("data"));
        }
        CustomerSyncService customerSync = customers.getIfAvailable();
        if (ACCOUNT_UPDATED.equals(type) && "crm".equals(system) && customerSync != null) {
            return accountUpdated(customerSync, eventId, event.path("data"));
        }
        if (INVOICING.equals(system)) {
            switch (type) {
                case PAYMENT_RECEIVED -> {
                    return paymentReceived(eventId, event.path("data"));
                }
                case INVOICE_REJECTED -> {
                    return invoiceRejected(eventId, event.path("data"));
                }
                case INVOICE_CREDITED -> {
                    return invoiceCredited(eventId, event.path("data"));
                }
                default -> { }
            }
        }
        throw unsupported(system, eventId, type);
    }

    /** {@code payment.received}: the {@code paymentReceived} signal of the invoice's process. */
    private Handled paymentReceived(String eventId, JsonNode data) {
        String paymentId = safeId(data, "paymentId");
        String invoiceId = safeId(data, "invoiceId");
        PaymentReceived payment = new PaymentReceived(paymentId, invoiceId, money(data), eventId, Instant.now());
        return cash(eventId, PAYMENT_RECEIVED, invoiceId, data, invoices.paymentReceived(payment),
                "payment " + paymentId, payment, null, null);
    }

    /** {@code invoice.rejected}: the {@code invoiceRejected} signal of the invoice's process. */
    private Handled invoiceRejected(String eventId, JsonNode data) {
        String invoiceId = safeId(data, "invoiceId");
        String reason = text(data, "reason");
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            throw ApiProblem.invalidField("data.reason", "is required: at most 2000 characters");
        }
        InvoiceRejected rejection = new InvoiceRejected(invoiceId, reason, eventId, Instant.now());
        return cash(eventId, INVOICE_REJECTED, invoiceId, data, invoices.invoiceRejected(rejection), "rejection",
                null, rejection, null);
    }

    /** {@code invoice.credited}: the {@code invoiceCredited} signal of the invoice's process. */
    private Handled invoiceCredited(String eventId, JsonNode data) {
        String creditMemoId = safeId(data, "creditMemoId");
        String invoiceId = safeId(data, "invoiceId");
        InvoiceCredited credit = new InvoiceCredited(creditMemoId, invoiceId, money(data), eventId);
        return cash(eventId, INVOICE_CREDITED, invoiceId, data, invoices.invoiceCredited(credit),
                "credit memo " + creditMemoId, null, null, credit);
    }

    /** The receipt of an invoicing event: routed, duplicate, or parked as unmanaged carrying what it brings. */
    private Handled cash(String eventId, String type, String invoiceId, JsonNode data, InvoiceService.Delivery delivery,
            String what, PaymentReceived payment, InvoiceRejected rejection, InvoiceCredited credit) {
        String target = InvoiceToCashWorkflow.workflowId(invoiceId);
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(target));
        receiptLinks.put("invoice", invoices.invoiceLink(invoiceId));
        links.putTemporalUi(receiptLinks, target);
        return switch (delivery) {
            case ROUTED -> new Handled(HttpStatus.ACCEPTED,
                    new WebhookReceipt(eventId, type, "routed", target, null, null, receiptLinks));
            case DUPLICATE -> new Handled(HttpStatus.OK, new WebhookReceipt(eventId, type, "duplicate", target, null,
                    "Invoice " + invoiceId + " is settled and has the " + what + " already", receiptLinks));
            case NO_PROCESS -> unmanaged(new InboundEvent(eventId, INVOICING, type, invoiceId, target, null,
                    jsonText(data), Correlation.current(), payment, rejection, credit),
                    "No invoice-to-cash process runs for invoice " + invoiceId);
        };
    }

    /** {@code data.amount} (a positive decimal string, at most 2 decimals) in {@code data.currency}. */
    private static Money money(JsonNode data) {
        String amount = text(data, "amount");
        if (amount == null || !AMOUNT.matcher(amount).matches() || new java.math.BigDecimal(amount).signum() <= 0) {
            throw ApiProblem.invalidField("data.amount", "is required: a positive decimal string, at most 2 decimals");
        }
        String currency = text(data, "currency");
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw ApiProblem.invalidField("data.currency", "is required: an ISO 4217 code (3 upper-case letters)");
        }
        try {
            return Money.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("data.currency", "is not a currency o2c knows: " + e.getMessage());
        }
    }

    private Handled opportunityWon(String eventId, JsonNode data) {
        String opportunityId = text(data, "opportunityId");
        if (opportunityId == null || opportunityId.isBlank() || opportunityId.length() > 100
                || !SAFE_ID.matcher(opportunityId).matches()) {
            throw ApiProblem.invalidField("data.opportunityId",
                    "is required: at most 100 letters, digits and . _ : -");
        }
        // only the first delivery starts the process: a deal whose process already ran (whatever its outcome) is
        // provisioned again by the explicit POST /opportunity-to-project, never by a (re)delivered event
        StartOutcome outcome = starter.startUnlessRan(opportunityId, Correlation.current(), "webhook:" + eventId);
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(outcome.workflowId()));
        links.putTemporalUi(receiptLinks, outcome.workflowId());
        WebhookReceipt receipt = new WebhookReceipt(eventId, OPPORTUNITY_WON,
                outcome.created() ? "started" : "duplicate", outcome.workflowId(), outcome.runId(), receiptLinks);
        return new Handled(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK, receipt);
    }

    /** A PSA approval: the {@code workApproved} signal, or parked when no billing process runs for the project. */
    private Handled workApproved(String eventId, String type, WorkKind kind, JsonNode data) {
        String projectId = safeId(data, "projectId");
        String entityId = safeId(data, kind.idField());
        WorkApproved signal = new WorkApproved(kind.kind(), entityId, eventId);
        String target = ProjectBillingWorkflow.workflowId(projectId);
        if (billing.signalWorkApproved(projectId, signal)) {
            Map<String, URI> receiptLinks = new LinkedHashMap<>();
            receiptLinks.put("process", links.process(target));
            receiptLinks.put("projectBilling", billing.billingLink(projectId));
            links.putTemporalUi(receiptLinks, target);
            return new Handled(HttpStatus.ACCEPTED,
                    new WebhookReceipt(eventId, type, "routed", target, null, null, receiptLinks));
        }
        return unmanaged(new InboundEvent(eventId, "psa", type, projectId, target, signal, jsonText(data),
                Correlation.current()), "No billing process runs for project " + projectId);
    }

    /**
     * A CRM amendment: to the {@code amendFromCrm} Update of the opportunity's project; {@code 409} out of order (the
     * sender redelivers it once the earlier one arrived), parked when no process takes it.
     */
    private Handled contractAmended(String eventId, JsonNode data) {
        String opportunityId = safeId(data, "opportunityId");
        String amendmentId = safeId(data, "amendmentId");
        int number = positiveInt(data, "number");
        LocalDate effectiveFrom = date(data, "effectiveFrom");
        CrmAmendmentNotice notice = new CrmAmendmentNotice(opportunityId, amendmentId, number, effectiveFrom, eventId);
        Optional<String> project = psaProjectOf(opportunityId);
        if (project.isEmpty()) {
            return unmanaged(new InboundEvent(eventId, "crm", CONTRACT_AMENDED, opportunityId, null, null,
                    jsonText(data), Correlation.current()),
                    "Opportunity " + opportunityId + " has no provisioned PSA project (no COMPLETED "
                            + OpportunityToProjectWorkflow.PROCESS_TYPE + " process)");
        }
        String psaProjectId = project.get();
        String target = ProjectBillingWorkflow.workflowId(psaProjectId);
        InboundEvent parked = new InboundEvent(eventId, "crm", CONTRACT_AMENDED, psaProjectId, target, null,
                jsonText(data), Correlation.current());
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(target));
        receiptLinks.put("projectBilling", billing.billingLink(psaProjectId));
        return switch (billing.amendFromCrm(psaProjectId, notice)) {
            case ProjectBillingService.CrmAmendmentOutcome.Taken taken -> {
                AmendmentAccepted accepted = taken.accepted();
                boolean applied = !AmendmentAccepted.REFUSED.equals(accepted.status());
                if (accepted.propagationWorkflowId() != null) {
                    receiptLinks.put("propagation", links.process(accepted.propagationWorkflowId()));
                }
                links.putTemporalUi(receiptLinks, target);
                log.info("{} took CRM amendment {} of {} ({}): {}", target, number, opportunityId, eventId,
                        accepted.status());
                yield new Handled(HttpStatus.OK, new WebhookReceipt(eventId, CONTRACT_AMENDED,
                        applied ? "applied" : "refused", target, null, accepted.detail(), receiptLinks));
            }
            case ProjectBillingService.CrmAmendmentOutcome.Refused refused
                    when refused.refusal() == BillingRefusal.DUPLICATE -> {
                links.putTemporalUi(receiptLinks, target);
                yield new Handled(HttpStatus.OK, new WebhookReceipt(eventId, CONTRACT_AMENDED, "duplicate", target,
                        null, refused.text(), receiptLinks));
            }
            case ProjectBillingService.CrmAmendmentOutcome.Refused refused
                    when refused.refusal() == BillingRefusal.OUT_OF_ORDER -> {
                log.info("{} refused CRM amendment {} of {} as out of order; the sender redelivers it ({})", target,
                        number, opportunityId, refused.text());
                throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.AMENDMENT_OUT_OF_ORDER,
                        "Amendment out of order", refused.text() + "; keep the event and redeliver it later")
                        .with("reason", BillingRefusal.OUT_OF_ORDER.name())
                        .with("processId", target)
                        .with("eventId", eventId)
                        .with("eventType", CONTRACT_AMENDED);
            }
            case ProjectBillingService.CrmAmendmentOutcome.Refused refused -> unmanaged(parked,
                    target + " refused amendment " + number + ": " + refused.refusal() + " (" + refused.text() + ")");
            case ProjectBillingService.CrmAmendmentOutcome.NoProcess none -> unmanaged(parked,
                    "No billing process runs for project " + psaProjectId);
        };
    }

    /** {@code account.updated}: the {@code accountUpdated} signal of the account's customer sync, started if needed. */
    private Handled accountUpdated(CustomerSyncService customerSync, String eventId, JsonNode data) {
        String accountId = safeId(data, "accountId");
        int version = positiveInt(data, "version");
        CustomerSyncService.Routed routed = customerSync.accountUpdated(new AccountUpdated(accountId, eventId, version),
                Correlation.current());
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(routed.workflowId()));
        links.putTemporalUi(receiptLinks, routed.workflowId());
        return new Handled(HttpStatus.ACCEPTED, new WebhookReceipt(eventId, ACCOUNT_UPDATED, "routed",
                routed.workflowId(), routed.runId(), "Customer master data of account " + accountId + " (version "
                        + version + ")", receiptLinks));
    }

    /**
     * The PSA project of a won opportunity: the {@code psaProjectId} among the ids its opportunity-to-project process
     * created, once it COMPLETED (the ledger's process row is its newest run; a completed process never runs again).
     */
    private Optional<String> psaProjectOf(String opportunityId) {
        return processes.find(OpportunityToProjectWorkflow.workflowId(opportunityId))
                .filter(row -> ProcessStatus.parse(row.status()).orElse(null) == ProcessStatus.COMPLETED)
                .map(row -> row.createdIds().get(PSA_PROJECT_ID))
                .filter(id -> !id.isBlank());
    }

    /** {@code 200 unmanaged}: no process takes the event, so it is parked as {@code inbound-event-{eventId}}. */
    private Handled unmanaged(InboundEvent event, String why) {
        ProjectBillingService.Parked parked = billing.park(event);
        Map<String, URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(parked.workflowId()));
        links.putTemporalUi(receiptLinks, parked.workflowId());
        return new Handled(HttpStatus.OK, new WebhookReceipt(event.eventId(), event.type(), "unmanaged",
                parked.workflowId(), parked.runId(), why + "; parked as " + parked.workflowId() + " for an operator",
                receiptLinks));
    }

    private String jsonText(JsonNode data) {
        return data == null || data.isMissingNode() ? "{}" : json.writeValueAsString(data);
    }

    private static String safeId(JsonNode data, String field) {
        String value = text(data, field);
        if (value == null || value.isBlank() || value.length() > 100 || !SAFE_ID.matcher(value).matches()) {
            throw ApiProblem.invalidField("data." + field, "is required: at most 100 letters, digits and . _ : -");
        }
        return value;
    }

    private static int positiveInt(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToInt() && value.asInt() > 0) {
            return value.asInt();
        }
        if (value != null && value.isString() && value.asString().matches("[1-9][0-9]{0,8}")) {
            return Integer.parseInt(value.asString());
        }
        throw ApiProblem.invalidField("data." + field, "is required: a positive whole number");
    }

    private static LocalDate date(JsonNode data, String field) {
        String value = text(data, field);
        try {
            return LocalDate.parse(value);
        } catch (RuntimeException e) {
            throw ApiProblem.invalidField("data." + field, "is required: a date YYYY-MM-DD");
        }
    }

    private static ApiProblem unsupported(String system, String eventId, String type) {
        boolean known = KNOWN.contains(type);
        log.warn("Refusing {} event {} of type '{}' with 422 so that the sender keeps and redelivers it: {}",
                system, eventId, type, known ? "o2c does not handle it (from this system) yet" : "unknown event type");
        String detail = known
                ? "o2c does not handle '" + type + "' events from " + system
                        + " yet; keep the event and redeliver it later"
                : "Unknown event type '" + type + "'; keep the event and redeliver it later";
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
                known ? ProblemTypes.UNSUPPORTED_EVENT : ProblemTypes.UNKNOWN_EVENT, "Event not handled", detail)
                .with("eventId", eventId)
                .with("eventType", type);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (JacksonException | IllegalArgumentException e) {
            throw ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed event",
                    "The body is not a JSON event object");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }
}
