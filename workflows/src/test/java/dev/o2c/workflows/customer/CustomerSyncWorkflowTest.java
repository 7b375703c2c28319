package dev.o2c.workflows.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import dev.o2c.workflows.Poll;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.Decisions;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessState;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.systems.CrmAccountActivities;
import dev.o2c.workflows.systems.ErpCustomerActivities;
import dev.o2c.workflows.systems.LedgerActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customer master data on the in-memory test server, with a CRM account and an ERP customer held by stateful fakes
 * (the ERP one with its optimistic version and sync baseline, like the sandbox), the ledger a Mockito mock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CustomerSyncWorkflowTest {

    static final String ACCOUNT = "acc_1";
    static final String WF = CustomerSyncWorkflow.workflowId(ACCOUNT);
    static final Address BERLIN = new Address("Hauptstraße 1", null, "Berlin", "10115", null, "DE");
    static final Address KOELN = new Address("Domplatz 2", null, "Köln", "50667", null, "DE");

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CustomerSyncWorkflowImpl.class)
            .setInitialTime(Instant.parse("2026-12-05T09:00:00Z"))
            .setDoNotStart(true)
            .build();

    private final LedgerActivities ledger = mock(LedgerActivities.class, withSettings().withoutAnnotations());
    private final FakeCrm crm = new FakeCrm();
    private final FakeErp erp = new FakeErp();

    private WorkflowClient client;
    private WorkflowOptions options;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker workflowWorker, WorkflowClient client, WorkflowOptions options) {
        this.client = client;
        this.options = WorkflowOptions.newBuilder(options).setWorkflowId(WF).build();
        workflowWorker.registerActivitiesImplementations(ledger);
        env.newWorker(TaskQueues.CRM).registerActivitiesImplementations(crm);
        env.newWorker(TaskQueues.ERP).registerActivitiesImplementations(erp);
        MasterAttributes provisioned = new MasterAttributes("Northwind GmbH", "DE1", BERLIN);
        crm.attributes = provisioned;
        erp.attributes = provisioned;
        erp.lastSynced = provisioned;
        env.start();
    }

    @Test
    void aCrmChangeReachesTheErpAndOnlyTheChangedCrmOwnedAttributesAreWritten() {
        crm.change(new MasterAttributes("Northwind AG", "DE1", KOELN));

        CustomerSyncResult result = syncAndWait("evt_1", 2);

        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.erpCustomerId()).isEqualTo("cus_1");
        assertThat(result.written()).containsExactly(MasterAttributes.NAME, MasterAttributes.BILLING_ADDRESS);
        assertThat(result.events()).containsExactly("evt_1");
        assertThat(erp.writes).singleElement().satisfies(w -> {
            assertThat(w.changes()).isEqualTo(new MasterAttributes("Northwind AG", null, KOELN)); // tax id unchanged
            assertThat(w.expectedVersion()).isEqualTo(1);
            assertThat(w.lastSynced()).isEqualTo(new MasterAttributes("Northwind AG", "DE1", KOELN));
        });
        assertThat(erp.attributes).isEqualTo(crm.attributes);
        assertThat(erp.version).isEqualTo(2);
        assertThat(erp.paymentTermsDays).isEqualTo(45); // ERP-owned: the write cannot even name it
        assertThat(result.detail()).contains("wrote name, billingAddress");
        recordHistory("crm-change-written");
    }

    @Test
    void anAttributeChangedOnlyInTheErpIsLeftAloneAndNothingIsWrittenWithoutACrmChange() {
        erp.attributes = new MasterAttributes("Northwind GmbH", "DE-ERP", BERLIN);

        CustomerSyncResult result = syncAndWait("evt_1", 2);

        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(erp.writes).isEmpty();
        assertThat(erp.attributes.taxId()).isEqualTo("DE-ERP");
        assertThat(result.detail()).contains("changed in the ERP only, left alone: taxId");
    }

    @Test
    void anAccountWithoutErpCustomerIsNotProvisionedNothingToSync() {
        erp.exists = false;
        crm.change(new MasterAttributes("Prospect Ltd", null, null));

        CustomerSyncResult result = syncAndWait("evt_1", 2);

        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.erpCustomerId()).isNull();
        assertThat(result.detail()).contains("not provisioned");
        assertThat(erp.writes).isEmpty();
    }

    @Test
    void aConflictParksForFinanceOpsNamingTheAttributeAndBothValuesThenRetryAfterTheFixCompletes() {
        crm.change(new MasterAttributes("Northwind GmbH", "DE-CRM", BERLIN));
        erp.attributes = new MasterAttributes("Northwind GmbH", "DE-ERP", BERLIN); // by hand, in the ERP
        syncWithStart("evt_1", 2);

        ProcessState parked = awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION);
        assertThat(parked.openException().owner()).isEqualTo(OwnerTeam.FINANCE_OPS);
        assertThat(parked.openException().failureType()).isEqualTo(CustomerSyncWorkflow.CONFLICT_FAILURE);
        assertThat(parked.openException().step()).isEqualTo("o2c.compareMasterData");
        assertThat(parked.openException().cause())
                .contains("taxId: CRM 'DE-CRM' vs ERP 'DE-ERP' (last synced 'DE1')")
                .doesNotContain("name:");
        assertThat(erp.writes).isEmpty();

        erp.attributes = new MasterAttributes("Northwind GmbH", "DE-CRM", BERLIN); // finance fixed the ERP
        decide(parked, ResolutionAction.RETRY);

        CustomerSyncResult result = result();
        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.written()).isEmpty(); // nothing to carry over: the sides agree, only the baseline moves
        assertThat(erp.writes).singleElement().satisfies(w -> {
            assertThat(w.changes()).isEqualTo(MasterAttributes.none());
            assertThat(w.lastSynced().taxId()).isEqualTo("DE-CRM");
        });
        recordHistory("conflict-retried");
    }

    @Test
    void skipKeepsTheErpValueAndRecordsTheCrmValueAsSeenSoTheSameDifferenceDoesNotParkAgain() {
        crm.change(new MasterAttributes("Northwind AG", "DE-CRM", BERLIN));
        erp.attributes = new MasterAttributes("Northwind GmbH", "DE-ERP", BERLIN);
        syncWithStart("evt_1", 2);
        decide(awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION), ResolutionAction.SKIP);

        CustomerSyncResult result = result();
        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(result.written()).containsExactly(MasterAttributes.NAME); // the name had no conflict
        assertThat(erp.attributes).isEqualTo(new MasterAttributes("Northwind AG", "DE-ERP", BERLIN));
        assertThat(erp.lastSynced.taxId()).isEqualTo("DE-CRM");
        assertThat(result.detail()).contains("kept the ERP's taxId").contains("SKIP by frank");
        recordHistory("conflict-skipped");

        // another event with the same difference: in sync as far as o2c is concerned, no park
        CustomerSyncResult next = syncAndWait("evt_2", 3);
        assertThat(next.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(erp.writes).hasSize(1);
        assertThat(erp.attributes.taxId()).isEqualTo("DE-ERP");
    }

    @Test
    void abortEndsTheRunWithoutWriting() {
        crm.change(new MasterAttributes("Northwind GmbH", "DE-CRM", BERLIN));
        erp.attributes = new MasterAttributes("Northwind GmbH", "DE-ERP", BERLIN);
        syncWithStart("evt_1", 2);
        decide(awaitState(s -> s.status() == ProcessStatus.NEEDS_ATTENTION), ResolutionAction.ABORT);

        assertThat(result().status()).isEqualTo(ProcessStatus.ABORTED);
        assertThat(erp.writes).isEmpty();
        assertThat(erp.attributes.taxId()).isEqualTo("DE-ERP");
    }

    @Test
    void duplicateAndOutOfOrderEventsProduceOneWriteOfTheNewestAccount() throws InterruptedException {
        crm.change(new MasterAttributes("Northwind 2", "DE1", BERLIN));
        crm.change(new MasterAttributes("Northwind 3", "DE1", BERLIN)); // version 3: the newest
        crm.hold = new CountDownLatch(1);
        syncWithStart("evt_v3", 3); // the newer event first
        assertThat(crm.reading.await(10, TimeUnit.SECONDS)).isTrue();
        syncWithStart("evt_v3", 3); // redelivered
        syncWithStart("evt_v2", 2); // the older one, late
        crm.hold.countDown();

        CustomerSyncResult result = result();
        assertThat(result.events()).containsExactly("evt_v3", "evt_v2");
        assertThat(erp.writes).singleElement()
                .satisfies(w -> assertThat(w.changes().name()).isEqualTo("Northwind 3"));
        assertThat(erp.attributes.name()).isEqualTo("Northwind 3");
        recordHistory("events-out-of-order");

        // the old event redelivered after the run ended starts a new run that finds everything in sync
        CustomerSyncResult late = syncAndWait("evt_v2", 2);
        assertThat(late.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(erp.writes).hasSize(1);
    }

    @Test
    void aCustomerWrittenInBetweenIsReadAgainAndWrittenAtItsNewVersion() {
        crm.change(new MasterAttributes("Northwind AG", "DE1", BERLIN));
        erp.bumpBeforeNextWrite = true; // finance edits the credit limit between o2c's read and write

        CustomerSyncResult result = syncAndWait("evt_1", 2);

        assertThat(result.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(erp.refused).isEqualTo(1);
        assertThat(erp.writes).singleElement().satisfies(w -> assertThat(w.expectedVersion()).isEqualTo(2));
        assertThat(erp.attributes.name()).isEqualTo("Northwind AG");
        assertThat(erp.version).isEqualTo(3);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** With {@code -Do2c.recordHistories=true}, stores the (last run's) history for {@link CustomerSyncReplayTest}. */
    private void recordHistory(String scenario) {
        if (!Boolean.getBoolean("o2c.recordHistories")) {
            return;
        }
        try {
            Path file = Path.of("src/test/resources", CustomerSyncReplayTest.HISTORIES,
                    CustomerSyncReplayTest.VERSION + "-customer-sync-" + scenario + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, client.fetchHistory(WF).toJson(true) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void syncWithStart(String eventId, long version) {
        client.newUntypedWorkflowStub("CustomerSyncWorkflow", options).signalWithStart("accountUpdated",
                new Object[] {new AccountUpdated(ACCOUNT, eventId, version)},
                new Object[] {new CustomerSyncRequest(ACCOUNT, "cid-1", null)});
    }

    private CustomerSyncResult syncAndWait(String eventId, long version) {
        syncWithStart(eventId, version);
        return result();
    }

    private CustomerSyncResult result() {
        return client.newUntypedWorkflowStub(WF).getResult(CustomerSyncResult.class);
    }

    private void decide(ProcessState parked, ResolutionAction action) {
        client.newUntypedWorkflowStub(WF).update(Decisions.UPDATE, DecisionAccepted.class,
                new Resolution(parked.openException().exceptionId(), action, "frank", "test"));
    }

    private ProcessState awaitState(Predicate<ProcessState> condition) {
        return Poll.until(() -> client.newWorkflowStub(CustomerSyncWorkflow.class, WF).state(), condition);
    }

    /** The CRM account: its version goes up with every change. */
    static final class FakeCrm implements CrmAccountActivities {
        volatile MasterAttributes attributes;
        volatile long version = 1;
        volatile CountDownLatch hold;
        final CountDownLatch reading = new CountDownLatch(1);

        synchronized void change(MasterAttributes changed) {
            attributes = changed;
            version++;
        }

        @Override
        public AccountRead readAccount(String accountId) {
            reading.countDown();
            CountDownLatch latch = hold;
            if (latch != null) {
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                return new AccountRead(accountId, version, attributes, 1);
            }
        }
    }

    record Write(long expectedVersion, MasterAttributes changes, MasterAttributes lastSynced) {}

    /** The ERP customer with the sandbox's optimistic version: a write at another version is refused. */
    static final class FakeErp implements ErpCustomerActivities {
        volatile boolean exists = true;
        volatile MasterAttributes attributes;
        volatile MasterAttributes lastSynced;
        volatile long version = 1;
        volatile int paymentTermsDays = 45;
        volatile boolean bumpBeforeNextWrite;
        volatile int refused;
        final List<Write> writes = new ArrayList<>();

        @Override
        public synchronized ErpCustomerRead readCustomer(String accountId) {
            return exists ? new ErpCustomerRead("cus_1", version, attributes, lastSynced, 1) : ErpCustomerRead.none(1);
        }

        @Override
        public synchronized CustomerWritten updateCustomer(String idempotencyKey, String erpCustomerId,
                long expectedVersion, MasterAttributes changes, MasterAttributes synced) {
            if (bumpBeforeNextWrite) {
                bumpBeforeNextWrite = false;
                version++;
            }
            if (expectedVersion != version) {
                refused++;
                return new CustomerWritten(false, version, 1);
            }
            writes.add(new Write(expectedVersion, changes, synced));
            for (String attribute : MasterAttributes.ALL) {
                if (changes.get(attribute) != null) {
                    attributes = attributes.with(attribute, changes.get(attribute));
                }
            }
            lastSynced = synced;
            version++;
            return new CustomerWritten(true, version, 1);
        }
    }
}
