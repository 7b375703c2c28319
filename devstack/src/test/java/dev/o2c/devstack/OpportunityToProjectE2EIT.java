package dev.o2c.devstack;

import static dev.o2c.devstack.client.O2cClient.objects;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.WorkflowHistories;
import com.google.protobuf.Message;
import dev.o2c.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opportunity-to-project end to end, with real processes only: embedded PostgreSQL, the Temporal test server,
 * and the packaged sandbox, worker and starter, driven through their REST APIs; the outcome is checked in the
 * sandbox snapshot (every object of every system).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(1)
class OpportunityToProjectE2EIT {

    private static final Duration SAGA = Duration.ofSeconds(90);

    private LocalStack stack;
    private StackInfo info;
    private O2cClient o2c;

    @BeforeAll
    void useTheSharedStack() {
        SharedStack.Running shared = SharedStack.get();
        stack = shared.stack();
        info = shared.info();
        o2c = shared.client();
    }

    @AfterEach
    void clearFaults() {
        o2c.clearFaults();
    }

    @Test
    void aWonOpportunityBecomesCustomerProjectAndBillingPlanThroughTheWebhook() {
        Deal deal = newDeal(true);

        o2c.markWon(deal.opportunityId()).expect(200);

        JsonNode state = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "NEEDS_ATTENTION"), SAGA);
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");
        assertThat(state.path("steps")).hasSize(8).allSatisfy(step ->
                assertThat(step.path("status").asText()).isEqualTo("COMPLETED"));
        assertExactlyOneOfEach(deal, "ACTIVE", "ACTIVE", "ACTIVE", "OPEN");

        JsonNode opportunity = o2c.opportunity(deal.opportunityId());
        assertThat(opportunity.path("delivery").path("deliveryStatus").asText()).isEqualTo("READY_FOR_BILLING");
        assertThat(opportunity.path("delivery").path("psaProjectId").asText())
                .isEqualTo(O2cClient.ids(state).get("psaProjectId"));

        // the process is listed from the ledger projection, and every call left an audit row
        JsonNode listed = o2c.processes("type=opportunity-to-project&status=COMPLETED&limit=200").expect(200).body();
        assertThat(listed.toString()).contains(deal.workflowId());
        assertThat(state.path("audit").size()).as("audit rows").isGreaterThanOrEqualTo(6);
        // the Java test server has no UI: no link to a dead port
        assertThat(state.path("links").has("temporalUi")).as(state.path("links").toString())
                .isEqualTo(info.temporalUiUrl().isPresent());

        // the same opportunity again, by REST: the existing process answers, no second run
        O2cClient.Answer again = o2c.startOpportunityToProject(deal.opportunityId(), null).expect(200);
        assertThat(again.text("workflowId")).isEqualTo(deal.workflowId());
        assertThat(again.text("status")).isEqualTo("COMPLETED");
        assertExactlyOneOfEach(deal, "ACTIVE", "ACTIVE", "ACTIVE", "OPEN");

        recordHistory(deal.workflowId(), "e2e-webhook-completed");
    }

    @Test
    void threeTransientFaultsOnEverySystemStillCompleteWithoutDuplicates() {
        // CRM's fault goes on the write-back (the saga's last call), so that winning the deal itself succeeds
        o2c.addFault("crm", "opportunities.delivery", "TRANSIENT", 3, null);
        for (String system : List.of("psa", "erp", "invoicing")) {
            o2c.addFault(system, "*", "TRANSIENT", 3, null);
        }
        Deal deal = newDeal(true);
        o2c.markWon(deal.opportunityId()).expect(200);

        JsonNode state = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "NEEDS_ATTENTION"), SAGA);

        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");
        assertExactlyOneOfEach(deal, "ACTIVE", "ACTIVE", "ACTIVE", "OPEN");
        assertThat(state.path("steps")).anySatisfy(step -> assertThat(step.path("attempts").asInt())
                .as("a step retried through the faults").isGreaterThan(1));
        assertThat(o2c.faults()).as("every injected fault was consumed")
                .allSatisfy(fault -> assertThat(fault.path("remaining").asInt()).isZero());
    }

    @Test
    void aPermanentPsaRejectionCompensatesAndLeavesNoActiveOrphan() {
        o2c.addFault("psa", "projects.create", "PERMANENT", null, null);
        Deal deal = newDeal(true);
        o2c.markWon(deal.opportunityId()).expect(200);

        JsonNode state = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "NEEDS_ATTENTION"), SAGA);

        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPENSATED");
        JsonNode snapshot = o2c.snapshot();
        assertThat(objects(snapshot, "erp", "customers", "externalId", deal.accountId()))
                .allSatisfy(c -> assertThat(c.path("status").asText()).isEqualTo("INACTIVE"));
        assertThat(objects(snapshot, "psa", "projects", "externalRef", deal.opportunityId()))
                .noneSatisfy(p -> assertThat(p.path("status").asText()).isEqualTo("ACTIVE"));
        assertThat(objects(snapshot, "invoicing", "billingPlans", "externalRef", deal.opportunityId())).isEmpty();
        assertThat(objects(snapshot, "erp", "projects", "externalRef", deal.opportunityId())).isEmpty();

        // fixed at the source: an explicit start provisions the deal again, as a second incarnation
        o2c.clearFaults();
        O2cClient.Answer again = o2c.startOpportunityToProject(deal.opportunityId(), null).expect(202);
        assertThat(again.body().path("incarnation").asInt()).as(again.body().toString()).isEqualTo(2);
        JsonNode second = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "NEEDS_ATTENTION"), SAGA);
        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("COMPLETED");
        assertThat(second.path("incarnation").asInt()).isEqualTo(2);
        assertThat(second.path("runs")).as("the earlier run is listed").anySatisfy(run -> {
            assertThat(run.path("incarnation").asInt()).isEqualTo(1);
            assertThat(run.path("status").asText()).isEqualTo("COMPENSATED");
        });
        JsonNode after = o2c.snapshot();
        assertThat(objects(after, "erp", "customers", "externalId", deal.accountId()))
                .singleElement().satisfies(c -> assertThat(c.path("status").asText()).isEqualTo("ACTIVE"));
        assertThat(objects(after, "psa", "projects", "externalRef", deal.opportunityId()))
                .filteredOn(p -> p.path("status").asText().equals("ACTIVE")).hasSize(1);
        assertThat(objects(after, "invoicing", "billingPlans", "externalRef", deal.opportunityId())).hasSize(1);
        assertThat(objects(after, "erp", "projects", "externalRef", deal.opportunityId())).hasSize(1);
        // once completed, the deal is never provisioned a third time
        O2cClient.Answer third = o2c.startOpportunityToProject(deal.opportunityId(), null).expect(200);
        assertThat(third.body().path("incarnation").asInt()).isEqualTo(2);
    }

    @Test
    void missingFinanceAttributesParkUntilFixedInCrmThenRetryCompletes() {
        Deal deal = newDeal(false);
        o2c.markWon(deal.opportunityId()).expect(200);

        JsonNode parked = o2c.awaitStatus(deal.workflowId(), Set.of("NEEDS_ATTENTION", "COMPLETED"), SAGA);
        assertThat(parked.path("status").asText()).isEqualTo("NEEDS_ATTENTION");
        JsonNode exception = parked.path("openException");
        assertThat(exception.path("owner").asText()).isIn("SALES_OPS", "sales-ops");
        String exceptionId = exception.path("exceptionId").asText();
        JsonNode queue = o2c.exceptions("status=open&limit=200").expect(200).body();
        assertThat(queue.toString()).contains(exceptionId);
        assertThat(objects(o2c.snapshot(), "erp", "customers", "externalId", deal.accountId())).isEmpty();

        o2c.patchAccount(deal.accountId(), JsonNodeFactory.instance.objectNode().put("taxId", "DE999999999"))
                .expect(200);
        o2c.resolve(exceptionId, "retry").expect(202);
        // the same decision again is refused by the workflow, never acknowledged and dropped
        O2cClient.Answer twice = o2c.resolve(exceptionId, "retry").expect(409);
        assertThat(twice.body().path("reason").asText().equals("DUPLICATE")
                || twice.body().path("type").asText().endsWith("/process-not-running")).as(twice.body().toString())
                .isTrue();

        JsonNode done = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED"), SAGA);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertExactlyOneOfEach(deal, "ACTIVE", "ACTIVE", "ACTIVE", "OPEN");
        o2c.resolve(exceptionId, "retry").expect(409);
    }

    /**
     * Payload encryption: the customer's tax id, owner e-mail and address travel through the saga (CRM read, ERP
     * upsert) and arrive in the ERP in clear, but Temporal's history holds none of them in any event (inputs, results,
     * activity inputs, signals, failures), as read raw over gRPC without the codec; decoded with the stack's key, the
     * same history does hold them (so they were really there to find).
     */
    @Test
    void temporalHistoriesHoldNoCustomerDataInClear() {
        String marker = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        String taxId = "DE" + marker + "PII";
        String email = "pii-" + marker.toLowerCase() + "@customer.example";
        String street = "Geheimweg " + marker + " 7";
        String name = "E2E PII " + marker;
        String account = o2c.createAccount(name, taxId, email, street);
        Deal deal = new Deal(account, o2c.createOpportunity(account, name + " rollout"));
        // a transient fault on the ERP upsert: its failure (a retried activity attempt) is in the history too
        o2c.addFault("erp", "customers.upsert", "TRANSIENT", 1, null);

        o2c.markWon(deal.opportunityId()).expect(200);
        JsonNode state = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED",
                "NEEDS_ATTENTION"), SAGA);
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");

        // the systems (and the API) still see the data in clear
        assertThat(objects(o2c.snapshot(), "erp", "customers", "externalId", deal.accountId()))
                .singleElement().satisfies(customer -> {
                    assertThat(customer.path("taxId").asText()).isEqualTo(taxId);
                    assertThat(customer.path("billingAddress").path("line1").asText()).isEqualTo(street);
                });
        assertThat(o2c.processes("type=opportunity-to-project&limit=200").expect(200).body().toString())
                .contains(deal.workflowId());

        WorkflowExecutionHistory raw = WorkflowHistories.closed(info.temporalAddress(), "default",
                deal.workflowId());
        String rawText = raw.getHistory().toString(); // protobuf text: every string and bytes field, escaped
        assertThat(rawText).as("raw history").doesNotContain(taxId).doesNotContain(email).doesNotContain(street)
                .doesNotContain(marker).contains(EncryptionCodec.ENCODING);
        assertThat(raw.getEvents()).as("every payload of every event is encrypted").allSatisfy(event ->
                payloads(event).forEach(payload -> assertThat(EncryptionCodec.isEncrypted(payload))
                        .as("%s in event %d %s", payload, event.getEventId(), event.getEventType()).isTrue()));

        String decoded = WorkflowHistories.decoded(raw, stack.codecKeys().codec()).getHistory().toString();
        assertThat(decoded).as("decoded history").contains(taxId).contains(email).contains(street);
    }

    /**
     * Every payload in a message, wherever it sits, but headers (the correlation id of the context propagator, which
     * the SDK never passes through the codec), search attributes (plain by design: the server indexes them) and
     * markers (the SDK's own version and local-activity bookkeeping); the raw text check above covers those.
     */
    private static List<Payload> payloads(Message message) {
        List<Payload> found = new java.util.ArrayList<>();
        if (message instanceof Payload payload) {
            found.add(payload);
            return found;
        }
        if (message instanceof io.temporal.api.common.v1.Header
                || message instanceof io.temporal.api.common.v1.SearchAttributes
                || message instanceof io.temporal.api.history.v1.MarkerRecordedEventAttributes) {
            return found;
        }
        message.getAllFields().forEach((field, value) -> {
            if (field.getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                return;
            }
            for (Object each : field.isRepeated() ? (List<?>) value : List.of(value)) {
                found.addAll(payloads((Message) each));
            }
        });
        return found;
    }

    /**
     * The worker dies (SIGKILL) in the middle of a workflow task, after the ERP customer exists and before the PSA
     * project does: the saga was parked on a PSA validation error, the operator retried, and the worker was writing
     * that to the ledger (held back by a table lock this test takes) when it was killed. The restarted worker must
     * finish the saga with exactly one object per system.
     *
     * <p>The crash is placed inside a workflow task on purpose: a started workflow task is recovered by its timeout.
     * (The Java test server never moves a dead worker's sticky tasks back to the normal queue, which is why the local
     * stack runs the worker without sticky execution there; {@link WorkerCrashE2EIT} kills it at random moments.)
     */
    @Test
    void theWorkerKilledMidSagaAndRestartedFinishesWithoutDuplicates() throws Exception {
        o2c.addRejection("psa", "projects.create", 400);
        Deal deal = newDeal(true);
        o2c.markWon(deal.opportunityId()).expect(200);
        JsonNode parked = o2c.awaitStatus(deal.workflowId(), Set.of("NEEDS_ATTENTION", "COMPLETED", "COMPENSATED"),
                SAGA);
        assertThat(parked.path("openException").path("step").asText()).as(parked.toString())
                .isEqualTo("psa.createProject");
        assertThat(stepStatus(parked, "erp.upsertCustomer")).isEqualTo("COMPLETED");
        o2c.clearFaults();

        JdbcTarget ledger = info.o2cDb();
        try (Connection lock = DriverManager.getConnection(ledger.url(), ledger.user(), ledger.password())) {
            lock.setAutoCommit(false);
            try (Statement sql = lock.createStatement()) {
                sql.execute("lock table exception_record, process in share row exclusive mode");
            }
            o2c.resolve(parked.path("openException").path("exceptionId").asText(), "retry").expect(202);
            awaitLedgerWriteBlocked(ledger);

            stack.crashAndRestart("worker");
            lock.rollback();
        }

        JsonNode state = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED"),
                Duration.ofSeconds(120));
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("COMPLETED");
        assertExactlyOneOfEach(deal, "ACTIVE", "ACTIVE", "ACTIVE", "OPEN");
    }

    /** Waits until a ledger write of the worker waits on the test's lock: the worker is inside a workflow task. */
    private static void awaitLedgerWriteBlocked(JdbcTarget ledger) throws Exception {
        try (Connection watch = DriverManager.getConnection(ledger.url(), ledger.user(), ledger.password());
                Statement sql = watch.createStatement()) {
            for (int i = 0; i < 100; i++) {
                try (ResultSet waiting = sql.executeQuery(
                        "select count(*) from pg_stat_activity where datname = current_database()"
                                + " and wait_event_type = 'Lock'")) {
                    waiting.next();
                    if (waiting.getInt(1) > 0) {
                        return;
                    }
                }
                O2cClient.sleep(100);
            }
        }
        throw new AssertionError("the worker never tried to write the retry to the ledger");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private record Deal(String accountId, String opportunityId) {
        String workflowId() {
            return "opportunity-to-project-" + opportunityId;
        }
    }

    private Deal newDeal(boolean complete) {
        String name = "E2E " + UUID.randomUUID().toString().substring(0, 8);
        String account = o2c.createAccount(name, complete);
        return new Deal(account, o2c.createOpportunity(account, name + " rollout"));
    }

    private void assertExactlyOneOfEach(Deal deal, String customerStatus, String psaStatus, String planStatus,
            String erpProjectStatus) {
        JsonNode snapshot = o2c.snapshot();
        assertThat(objects(snapshot, "erp", "customers", "externalId", deal.accountId()))
                .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo(customerStatus));
        assertThat(objects(snapshot, "psa", "projects", "externalRef", deal.opportunityId()))
                .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo(psaStatus));
        assertThat(objects(snapshot, "invoicing", "billingPlans", "externalRef", deal.opportunityId()))
                .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo(planStatus));
        assertThat(objects(snapshot, "erp", "projects", "externalRef", deal.opportunityId()))
                .singleElement().satisfies(n -> assertThat(n.path("status").asText()).isEqualTo(erpProjectStatus));
    }

    /**
     * With {@code -Do2c.recordHistories=true}, writes the workflow's history to {@code target/histories/} so that
     * it can be committed under {@code workflows/src/test/resources/histories/} for the replay tests.
     */
    private void recordHistory(String workflowId, String scenario) {
        if (!Boolean.getBoolean("o2c.recordHistories")) {
            return;
        }
        // name it after the workflow version it was recorded from (see OpportunityToProjectReplayTest.VERSION)
        Path file = Path.of("target", "histories", "v2-" + scenario + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file,
                    WorkflowHistories.closed(info.temporalAddress(), "default", workflowId,
                            stack.codecKeys().codec()).toJson(true));
        } catch (IOException e) {
            throw new IllegalStateException("could not record the history of " + workflowId, e);
        }
        System.out.println("recorded history of " + workflowId + " in " + file.toAbsolutePath());
    }

    private static String stepStatus(JsonNode state, String step) {
        for (JsonNode s : state.path("steps")) {
            if (step.equals(s.path("name").asText())) {
                return s.path("status").asText();
            }
        }
        return "";
    }
}
