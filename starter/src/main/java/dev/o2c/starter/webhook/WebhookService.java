package dev.o2c.starter.webhook;

import dev.o2c.starter.process.ProcessStarter;
import dev.o2c.starter.process.StartOutcome;
import dev.o2c.starter.process.StartRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Correlation;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Events o2c does not handle yet ({@code time.approved}, {@code expense.approved}, {@code milestone.completed},
 * {@code payment.received}: project-to-billing and invoice-to-cash come later) and unknown event types are answered
 * {@code 422} on purpose, never silently acknowledged: the sender keeps them pending and redelivers them with
 * backoff, so they are processed once o2c learns them instead of being lost.
 */
@Service
public class WebhookService {

    static final Set<String> SYSTEMS = Set.of("crm", "psa", "erp", "invoicing");
    static final String OPPORTUNITY_WON = "opportunity.won";
    /** Known event types (contracts.md) whose processing is not built yet. */
    static final Set<String> NOT_YET_HANDLED =
            Set.of("time.approved", "expense.approved", "milestone.completed", "payment.received");

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile(StartRequest.ID_PATTERN);

    private final WebhookVerifier verifier;
    private final ProcessStarter starter;
    private final ObjectMapper json;
    private final Links links;

    public WebhookService(WebhookVerifier verifier, ProcessStarter starter, ObjectMapper json, Links links) {
        this.verifier = verifier;
        this.starter = starter;
        this.json = json;
        this.links = links;
    }

    /** The outcome of one delivery: its HTTP status and receipt. */
    public record Handled(HttpStatus status, WebhookReceipt receipt) {}

    /**
     * @throws ApiProblem 404 unknown system, 401 bad signature or stale timestamp, 400 malformed event, 422 event type
     *     not handled
     */
    public Handled receive(String system, String timestamp, String signature, String eventTypeHeader, byte[] rawBody) {
        if (!SYSTEMS.contains(system)) {
            throw ApiProblem.notFound(ProblemTypes.UNKNOWN_SYSTEM, "No webhooks for system '" + system
                    + "'; known systems: " + SYSTEMS.stream().sorted().toList());
        }
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        verifier.verify(timestamp, signature, body);

        JsonNode event = parse(body);
        String eventId = text(event, "id");
        String type = text(event, "type");
        if (type == null) {
            type = eventTypeHeader;
        }
        if (eventId == null || type == null) {
            throw ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed event",
                    "An event needs an \"id\" and a \"type\"");
        }
        if (OPPORTUNITY_WON.equals(type) && "crm".equals(system)) {
            return opportunityWon(eventId, event.path("data"));
        }
        throw unsupported(system, eventId, type);
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
        Map<String, java.net.URI> receiptLinks = new LinkedHashMap<>();
        receiptLinks.put("process", links.process(outcome.workflowId()));
        links.putTemporalUi(receiptLinks, outcome.workflowId());
        WebhookReceipt receipt = new WebhookReceipt(eventId, OPPORTUNITY_WON,
                outcome.created() ? "started" : "duplicate", outcome.workflowId(), outcome.runId(), receiptLinks);
        return new Handled(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK, receipt);
    }

    private static ApiProblem unsupported(String system, String eventId, String type) {
        boolean known = NOT_YET_HANDLED.contains(type) || OPPORTUNITY_WON.equals(type);
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
