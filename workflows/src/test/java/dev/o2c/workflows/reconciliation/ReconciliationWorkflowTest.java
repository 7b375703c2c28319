package dev.o2c.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.o2c.workflows.common.FailureTypes;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.systems.CheckPage;
import dev.o2c.workflows.systems.ReconciliationActivities;
import dev.o2c.workflows.systems.ReconciliationRunStarted;
import dev.o2c.workflows.systems.ResolvedDiscrepancies;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The reconciliation workflow on the in-memory test server, {@link ReconciliationActivities} a Mockito mock on the
 * {@code reconciliation} queue. "Now" is 2026-12-01T02:00:00Z.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconciliationWorkflowTest {

    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    static final String RUN = "rec-20261201T020000Z";

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ReconciliationWorkflowImpl.class)
            .setInitialTime(NOW)
            .setDoNotStart(true)
            .build();

    private final ReconciliationActivities activities =
            mock(ReconciliationActivities.class, withSettings().withoutAnnotations());

    private WorkflowClient client;
    private WorkflowOptions options;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker workflowWorker, WorkflowClient client, WorkflowOptions options) {
        this.client = client;
        this.options = WorkflowOptions.newBuilder(options).setWorkflowId(ReconciliationWorkflow.WORKFLOW_ID).build();
        env.newWorker(TaskQueues.RECONCILIATION).registerActivitiesImplementations(activities);
        when(activities.closeResolved(anyString(), anyList())).thenAnswer(call ->
                new ResolvedDiscrepancies(call.getArgument(0), Map.of("PAYMENT_NOT_APPLIED", 2)));
        env.start();
    }

    @Test
    void walksEachCheckPageByPageUntilNoNextCursorAndSumsTheCounts() {
        when(activities.checkReceivables(RUN, null)).thenReturn(page("receivables", 500, 1,
                Map.of("RECEIVABLE_MISSING", 1), "inv_500"));
        when(activities.checkReceivables(RUN, "inv_500")).thenReturn(page("receivables", 498, 2,
                Map.of("RECEIVABLE_MISSING", 2, "RECEIVABLE_AMOUNT_MISMATCH", 1), "inv_1000"));
        when(activities.checkReceivables(RUN, "inv_1000")).thenReturn(page("receivables", 7, 0, Map.of(), null));
        when(activities.checkPayments(RUN, null)).thenReturn(page("payments", 40, 0,
                Map.of("PAYMENT_APPLIED_LATE", 1), null));

        // no run id: derived from the start time
        WorkflowExecution execution = start(new ReconciliationRequest(null, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.RECEIVABLES, ReconciliationCheck.PAYMENTS), 0, null));
        ReconciliationReport report = result(execution);

        assertThat(report.runId()).isEqualTo(RUN);
        assertThat(report.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(report.currentCheck()).isNull();
        assertThat(report.pages()).isEqualTo(4);
        assertThat(report.checks()).extracting(CheckProgress::check)
                .containsExactly(ReconciliationCheck.RECEIVABLES, ReconciliationCheck.PAYMENTS);
        CheckProgress receivables = report.check(ReconciliationCheck.RECEIVABLES);
        assertThat(receivables.pages()).isEqualTo(3);
        assertThat(receivables.checked()).isEqualTo(1005);
        assertThat(receivables.skipped()).isEqualTo(3);
        assertThat(receivables.discrepancies())
                .isEqualTo(Map.of("RECEIVABLE_MISSING", 3, "RECEIVABLE_AMOUNT_MISMATCH", 1));
        assertThat(receivables.finished()).isTrue();
        assertThat(receivables.cursor()).isNull();
        CheckProgress payments = report.check(ReconciliationCheck.PAYMENTS);
        assertThat(payments.pages()).isEqualTo(1);
        assertThat(payments.checked()).isEqualTo(40);
        assertThat(payments.discrepancies()).isEqualTo(Map.of("PAYMENT_APPLIED_LATE", 1));
        assertThat(report.closed()).isEqualTo(Map.of("PAYMENT_NOT_APPLIED", 2));
        assertThat(report.failure()).isNull();

        InOrder order = inOrder(activities);
        order.verify(activities).runStarted(argThat(started -> started.equals(new ReconciliationRunStarted(RUN,
                ReconciliationWorkflow.WORKFLOW_ID, ReconciliationRequest.ON_DEMAND, null,
                List.of("receivables", "payments"), started.startedAt()))
                && ReconciliationWorkflow.runId(started.startedAt()).equals(RUN)));
        order.verify(activities).checkReceivables(RUN, null);
        order.verify(activities).checkReceivables(RUN, "inv_500");
        order.verify(activities).checkReceivables(RUN, "inv_1000");
        order.verify(activities).checkPayments(RUN, null);
        order.verify(activities).closeResolved(RUN, List.of("receivables", "payments"));
        order.verify(activities).runFinished(RUN, ProcessStatus.COMPLETED, Map.of("PAYMENT_NOT_APPLIED", 2), null);
        verify(activities, times(1)).closeResolved(anyString(), anyList());
        verify(activities, times(1)).runStarted(any());
        verify(activities, times(1)).runFinished(anyString(), any(), anyMap(), any());
        recordHistory("completed", execution.getRunId());
        verify(activities, never()).checkProvisioning(anyString(), any());
        verify(activities, never()).checkWork(anyString(), any());
    }

    @Test
    void noChecksNamedRunsAllFourInOrder() {
        when(activities.checkProvisioning(eq(RUN), isNull())).thenReturn(page("provisioning", 3, 0, Map.of(), null));
        when(activities.checkWork(eq(RUN), isNull())).thenReturn(page("work", 4, 0, Map.of(), null));
        when(activities.checkReceivables(eq(RUN), isNull())).thenReturn(page("receivables", 5, 0, Map.of(), null));
        when(activities.checkPayments(eq(RUN), isNull())).thenReturn(page("payments", 6, 0, Map.of(), null));

        ReconciliationReport report = result(start(ReconciliationRequest.scheduled()));

        assertThat(report.runId()).isEqualTo(RUN);
        assertThat(report.checks()).extracting(CheckProgress::checked).containsExactly(3L, 4L, 5L, 6L);
        verify(activities).closeResolved(RUN, List.of("provisioning", "work", "receivables", "payments"));
        ArgumentCaptor<ReconciliationRunStarted> started = ArgumentCaptor.forClass(ReconciliationRunStarted.class);
        verify(activities).runStarted(started.capture());
        assertThat(started.getValue().trigger()).isEqualTo(ReconciliationRequest.SCHEDULE);
        assertThat(started.getValue().requestedBy()).isNull();
        assertThat(started.getValue().checks()).containsExactly("provisioning", "work", "receivables", "payments");
        verify(activities).runFinished(RUN, ProcessStatus.COMPLETED, Map.of("PAYMENT_NOT_APPLIED", 2), null);
    }

    @Test
    void continuesAsNewAfterThePageBudgetKeepingCursorAndCounts() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(activities.checkWork(RUN, null)).thenReturn(page("work", 500, 0, Map.of("WORK_UNBILLED", 1), "tim_1"));
        when(activities.checkWork(RUN, "tim_1")).thenReturn(page("work", 500, 5,
                Map.of("WORK_UNBILLED", 1, "WORK_BILLED_TWICE", 1), "tim_2"));
        when(activities.checkWork(RUN, "tim_2")).thenAnswer(call -> {
            reading.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            return page("work", 500, 0, Map.of(), "tim_3");
        });
        when(activities.checkWork(RUN, "tim_3")).thenReturn(page("work", 500, 0, Map.of("WORK_UNBILLED", 2), "tim_4"));
        when(activities.checkWork(RUN, "tim_4")).thenReturn(page("work", 1, 0, Map.of(), null));

        WorkflowExecution first = start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, "ops@o2c.dev",
                List.of(ReconciliationCheck.WORK), 2, null));

        // the third page is read by the second run, which started from the carried cursor and counts
        assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();
        String second = client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).describe()
                .getExecution().getRunId();
        assertThat(second).as("continued as new").isNotEqualTo(first.getRunId());
        ReconciliationReport live = client.newWorkflowStub(ReconciliationWorkflow.class,
                ReconciliationWorkflow.WORKFLOW_ID).report();
        assertThat(live.runId()).isEqualTo(RUN);
        assertThat(live.status()).isEqualTo(ProcessStatus.RUNNING);
        assertThat(live.currentCheck()).isEqualTo(ReconciliationCheck.WORK);
        assertThat(live.pages()).isEqualTo(2);
        CheckProgress carried = live.check(ReconciliationCheck.WORK);
        assertThat(carried.checked()).isEqualTo(1000);
        assertThat(carried.skipped()).isEqualTo(5);
        assertThat(carried.cursor()).isEqualTo("tim_2");
        assertThat(carried.discrepancies()).isEqualTo(Map.of("WORK_UNBILLED", 2, "WORK_BILLED_TWICE", 1));
        release.countDown();

        ReconciliationReport report = result(first);
        assertThat(report.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(report.runId()).isEqualTo(RUN);
        assertThat(report.pages()).isEqualTo(5);
        CheckProgress work = report.check(ReconciliationCheck.WORK);
        assertThat(work.checked()).isEqualTo(2001);
        assertThat(work.skipped()).isEqualTo(5);
        assertThat(work.discrepancies()).isEqualTo(Map.of("WORK_UNBILLED", 4, "WORK_BILLED_TWICE", 1));
        assertThat(client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).describe().getExecution()
                .getRunId()).as("continued as new twice").isNotEqualTo(second);
        verify(activities, times(1)).checkWork(RUN, "tim_2");
        verify(activities, times(1)).closeResolved(RUN, List.of("work"));
        // the run's row: started by the first execution only, ended by the last
        ArgumentCaptor<ReconciliationRunStarted> started = ArgumentCaptor.forClass(ReconciliationRunStarted.class);
        verify(activities, times(1)).runStarted(started.capture());
        assertThat(started.getValue()).isEqualTo(new ReconciliationRunStarted(RUN, ReconciliationWorkflow.WORKFLOW_ID,
                ReconciliationRequest.ON_DEMAND, "ops@o2c.dev", List.of("work"), started.getValue().startedAt()));
        assertThat(started.getValue().startedAt()).isBetween(NOW, NOW.plusSeconds(10));
        verify(activities, times(1)).runFinished(RUN, ProcessStatus.COMPLETED, Map.of("PAYMENT_NOT_APPLIED", 2), null);
        verify(activities, times(1)).runFinished(anyString(), any(), anyMap(), any());
        InOrder order = inOrder(activities);
        order.verify(activities).runStarted(any());
        order.verify(activities).checkWork(RUN, null);
        order.verify(activities).checkWork(RUN, "tim_4");
        order.verify(activities).closeResolved(RUN, List.of("work"));
        order.verify(activities).runFinished(anyString(), any(), anyMap(), any());
        String third = client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).describe().getExecution()
                .getRunId();
        recordHistory("continued-as-new-1-of-3", first.getRunId());
        recordHistory("continued-as-new-2-of-3", second);
        recordHistory("continued-as-new-3-of-3", third);
    }

    @Test
    void aFailingPageIsRetriedByTheActivityRetryPolicy() {
        when(activities.checkPayments(RUN, null))
                .thenThrow(new IllegalStateException("erp answered 503"))
                .thenReturn(page("payments", 10, 0, Map.of("PAYMENT_UNKNOWN", 1), null));

        ReconciliationReport report = result(start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.PAYMENTS), 0, null)));

        assertThat(report.status()).isEqualTo(ProcessStatus.COMPLETED);
        assertThat(report.check(ReconciliationCheck.PAYMENTS).checked()).isEqualTo(10);
        assertThat(report.check(ReconciliationCheck.PAYMENTS).pages()).isEqualTo(1);
        verify(activities, times(2)).checkPayments(RUN, null);
        verify(activities, times(1)).closeResolved(RUN, List.of("payments"));
    }

    @Test
    void aPageFailingForGoodFailsTheRunAndClosesNothing() {
        when(activities.checkReceivables(RUN, null)).thenReturn(page("receivables", 500, 0, Map.of(), "inv_500"));
        when(activities.checkReceivables(RUN, "inv_500")).thenThrow(
                ApplicationFailure.newNonRetryableFailure("ledger refused the page", FailureTypes.INTEGRATION));

        WorkflowExecution execution = start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.RECEIVABLES), 0, null));

        assertThatThrownBy(() -> result(execution)).isInstanceOf(WorkflowFailedException.class);
        ReconciliationReport report = client.newWorkflowStub(ReconciliationWorkflow.class,
                ReconciliationWorkflow.WORKFLOW_ID).report();
        assertThat(report.status()).isEqualTo(ProcessStatus.FAILED);
        assertThat(report.failure()).contains("receivables page after inv_500");
        assertThat(report.check(ReconciliationCheck.RECEIVABLES).pages()).isEqualTo(1);
        verify(activities, times(1)).checkReceivables(RUN, "inv_500");
        verify(activities, never()).closeResolved(anyString(), anyList());
        verify(activities, times(1)).runStarted(any());
        verify(activities, times(1)).runFinished(RUN, ProcessStatus.FAILED, Map.of(), report.failure());
        verify(activities, never()).runFinished(anyString(), eq(ProcessStatus.COMPLETED), anyMap(), any());
        recordHistory("page-failed", execution.getRunId());
    }

    @Test
    void closingFailingForGoodFailsTheRunInTheLedgerToo() {
        when(activities.checkPayments(RUN, null)).thenReturn(page("payments", 3, 0, Map.of(), null));
        when(activities.closeResolved(anyString(), anyList())).thenThrow(
                ApplicationFailure.newNonRetryableFailure("ledger refused", FailureTypes.INTEGRATION));

        WorkflowExecution execution = start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.PAYMENTS), 0, null));

        assertThatThrownBy(() -> result(execution)).isInstanceOf(WorkflowFailedException.class);
        ReconciliationReport report = client.newWorkflowStub(ReconciliationWorkflow.class,
                ReconciliationWorkflow.WORKFLOW_ID).report();
        assertThat(report.failure()).startsWith("closing resolved discrepancies failed");
        verify(activities).runFinished(RUN, ProcessStatus.FAILED, Map.of(), report.failure());
    }

    @Test
    void aRunWhoseStartCannotBeRecordedFailsBeforeReadingAnything() {
        doThrow(ApplicationFailure.newNonRetryableFailure("ledger refused", FailureTypes.INTEGRATION))
                .when(activities).runStarted(any());

        WorkflowExecution execution = start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.PAYMENTS), 0, null));

        assertThatThrownBy(() -> result(execution)).isInstanceOf(WorkflowFailedException.class);
        ReconciliationReport report = client.newWorkflowStub(ReconciliationWorkflow.class,
                ReconciliationWorkflow.WORKFLOW_ID).report();
        assertThat(report.status()).isEqualTo(ProcessStatus.FAILED);
        assertThat(report.failure()).startsWith("recording the run's start failed");
        verify(activities, never()).checkPayments(anyString(), any());
        verify(activities, never()).runFinished(anyString(), any(), anyMap(), any());
    }

    @Test
    void aCancelledRunEndsFailedInTheLedgerAndClosesNothing() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(activities.checkReceivables(RUN, null)).thenReturn(page("receivables", 500, 0, Map.of(), "inv_500"));
        when(activities.checkReceivables(RUN, "inv_500")).thenAnswer(call -> {
            reading.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            return page("receivables", 500, 0, Map.of(), "inv_1000");
        });

        WorkflowExecution execution = start(new ReconciliationRequest(RUN, ReconciliationRequest.ON_DEMAND, null,
                List.of(ReconciliationCheck.RECEIVABLES), 0, null));
        assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();
        client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID).cancel();
        // the cancel request seen by the workflow before the page answers (as OpportunityToProjectWorkflowTest does)
        client.newWorkflowStub(ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID).report();
        Thread.sleep(500);
        release.countDown(); // the page answers after all

        assertThatThrownBy(() -> result(execution)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        ArgumentCaptor<String> failure = ArgumentCaptor.forClass(String.class);
        verify(activities).runFinished(eq(RUN), eq(ProcessStatus.FAILED), eq(Map.of()), failure.capture());
        // the page in flight answers (the run waits for it), and the next one is never scheduled
        assertThat(failure.getValue()).isEqualTo("receivables page after inv_1000: the run was cancelled");
        verify(activities, never()).checkReceivables(RUN, "inv_1000");
        verify(activities, never()).closeResolved(anyString(), anyList());
        recordHistory("cancelled", execution.getRunId());
    }

    private WorkflowExecution start(ReconciliationRequest request) {
        ReconciliationWorkflow workflow = client.newWorkflowStub(ReconciliationWorkflow.class, options);
        return WorkflowClient.start(workflow::run, request);
    }

    private ReconciliationReport result(WorkflowExecution execution) {
        return client.newUntypedWorkflowStub(ReconciliationWorkflow.WORKFLOW_ID)
                .getResult(ReconciliationReport.class);
    }

    /**
     * With {@code -Do2c.recordHistories=true}, stores the history of one execution of the run (a run continued as new
     * has one per execution) for {@link ReconciliationReplayTest}.
     */
    private void recordHistory(String scenario, String executionRunId) {
        if (!Boolean.getBoolean("o2c.recordHistories")) {
            return;
        }
        try {
            Path file = Path.of("src/test/resources", ReconciliationReplayTest.HISTORIES,
                    ReconciliationReplayTest.VERSION + "-reconciliation-" + scenario + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, client.fetchHistory(ReconciliationWorkflow.WORKFLOW_ID, executionRunId).toJson(true)
                    + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CheckPage page(String check, int checked, int skipped, Map<String, Integer> found, String next) {
        return new CheckPage(check, checked, skipped, found, next);
    }
}
