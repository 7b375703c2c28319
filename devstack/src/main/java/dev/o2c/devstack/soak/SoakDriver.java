package dev.o2c.devstack.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.o2c.devstack.client.O2cClient;
import dev.o2c.devstack.client.O2cClient.Answer;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Drives every deal of the soak through all three processes, as the outside world would: the CRM wins the deal (its
 * webhook starts opportunity-to-project), the PSA approves time, finance bills now, the customer pays the invoice
 * (the invoicing platform's webhook reaches invoice-to-cash), and an operator decides on parked deals. The soak's own
 * calls to the systems meet the same injected faults as o2c's; an injected fault changes nothing, so the soak simply
 * calls again (as a person would). Each deal runs on its own virtual thread; at most {@link #IN_FLIGHT} deals at once,
 * so that polling for their progress stays a small load next to the work itself.
 */
final class SoakDriver {

    static final int IN_FLIGHT = 48;
    static final Set<String> O2P_FINAL = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "FAILED", "LOST");
    private static final Set<Integer> INJECTED = Set.of(429, 500, 502, 503, 504);
    private static final String EUR = "EUR";
    private static final int MAX_UNPLANNED_RETRIES = 5;

    private final O2cClient o2c;
    private final String sandbox;
    private final ProcessBoard board;
    private final long deadlineNanos;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** When each step of progress happened (a process settled, a run completed, an invoice was paid), nano time. */
    private final ConcurrentLinkedQueue<Long> progress = new ConcurrentLinkedQueue<>();
    private final AtomicInteger rejectionsToAbort;

    SoakDriver(O2cClient o2c, String starterUrl, String sandboxUrl, long deadlineNanos, int psaRejections) {
        this.o2c = o2c;
        this.board = new ProcessBoard(o2c, starterUrl);
        this.sandbox = sandboxUrl;
        this.deadlineNanos = deadlineNanos;
        this.rejectionsToAbort = new AtomicInteger(psaRejections);
    }

    /** Creates the deals' accounts and opportunities (before any fault is injected); {@code parked} of them, spread
     * evenly, lack a tax id. */
    List<SoakDeal> createDeals(int sagas, int parked) {
        List<SoakDeal> deals = new ArrayList<>();
        int step = Math.max(1, sagas / parked);
        int unfixed = 0;
        LocalDate start = today.minusDays(60);
        JsonNode rates = O2cClient.versions(O2cClient.rateCardVersion(start, "Engineer", "100.00"));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<SoakDeal>> futures = new ArrayList<>();
            for (int i = 0; i < sagas; i++) {
                SoakDeal.Plan plan = SoakDeal.Plan.NORMAL;
                if (i % step == step / 2 && unfixed < parked) {
                    plan = unfixed % 2 == 0 ? SoakDeal.Plan.FIX_AND_RETRY : SoakDeal.Plan.ABORT_UNFIXED;
                    unfixed++;
                }
                int index = i;
                SoakDeal.Plan chosen = plan;
                futures.add(pool.submit(() -> {
                    String name = "Soak " + run + " " + index;
                    String account = o2c.createAccount(name, chosen == SoakDeal.Plan.NORMAL);
                    String opportunity = o2c.createTimeAndMaterials(account, name + " support", start,
                            today.plusDays(120), null, rates);
                    return new SoakDeal(index, account, opportunity, chosen);
                }));
            }
            for (var future : futures) {
                deals.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not create the deals: " + e.getCause().getMessage(), e.getCause());
        }
        return deals;
    }

    /** Drives every deal to its end (or the deadline); returns when all are done. */
    void drive(List<SoakDeal> deals) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        Thread reading = Thread.ofPlatform().name("soak-board").daemon().start(board);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SoakDeal deal : deals) {
                inFlight.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        drive(deal);
                    } catch (RuntimeException e) {
                        deal.problem = e.getMessage();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        } finally {
            board.stop();
            reading.interrupt();
        }
    }

    /** The ledger's processes as last read. */
    ProcessBoard board() {
        return board;
    }

    /** When each step of progress was seen, in nano time (polling: up to about 1.5 s after it happened). */
    List<Long> progress() {
        return List.copyOf(progress);
    }

    int progressCount() {
        return progress.size();
    }

    private void drive(SoakDeal deal) {
        retrying("win " + deal.opportunityId, () -> o2c.markWon(deal.opportunityId)).expect(200);
        JsonNode state = provision(deal);
        deal.o2pStatus = state.path("status").asText();
        progress.add(System.nanoTime());
        if (!"COMPLETED".equals(deal.o2pStatus)) {
            return;
        }
        deal.psaProjectId = createdId(deal.workflowId(), state, "psaProjectId");
        bill(deal);
        pay(deal);
    }

    /** Waits for opportunity-to-project to end, deciding as the operator wherever it parks. */
    private JsonNode provision(SoakDeal deal) {
        while (true) {
            JsonNode state = poll("opportunity-to-project of " + deal.opportunityId, () -> {
                JsonNode process = board.get(deal.workflowId());
                String status = process == null ? null : process.path("status").asText();
                return status != null && (O2P_FINAL.contains(status) || "NEEDS_ATTENTION".equals(status))
                        ? process : null;
            });
            if (!"NEEDS_ATTENTION".equals(state.path("status").asText())) {
                return state;
            }
            // the ledger lists the park; the open exception (its step and id) is in the workflow's state
            Answer live = o2c.process(deal.workflowId());
            if (live.status() != 200 || !"NEEDS_ATTENTION".equals(live.body().path("status").asText())) {
                O2cClient.sleep(1000);
                continue;
            }
            if (decide(deal, live.body())) {
                // wait until the ledger shows the decision taken (or 30 s, then look at the workflow again)
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ("NEEDS_ATTENTION".equals(board.status(deal.workflowId())) && System.nanoTime() < until) {
                    O2cClient.sleep(1000);
                }
            }
        }
    }

    /** Decides on the open exception; answers whether the workflow took a decision (202). */
    private boolean decide(SoakDeal deal, JsonNode parked) {
        String step = parked.path("openException").path("step").asText();
        String exceptionId = parked.path("openException").path("exceptionId").asText();
        if (step.isEmpty() || exceptionId.isEmpty()) {
            O2cClient.sleep(1000); // the starter answered from the ledger (a slow query): ask the workflow again
            return false;
        }
        if (exceptionId.equals(deal.lastDecided)) {
            return true; // decided, the workflow has not moved on yet
        }
        String action;
        if (deal.plan == SoakDeal.Plan.FIX_AND_RETRY && deal.lastDecided == null) {
            ObjectNode fix = JsonNodeFactory.instance.objectNode().put("taxId", "DE" + (100_000_000 + deal.index));
            retrying("fix account " + deal.accountId, () -> o2c.patchAccount(deal.accountId, fix)).expect(200);
            action = "retry";
        } else if (deal.plan == SoakDeal.Plan.ABORT_UNFIXED) {
            action = "abort";
        } else if (deal.plan == SoakDeal.Plan.NORMAL && "psa.createProject".equals(step)
                && rejectionsToAbort.getAndDecrement() > 0) {
            deal.plan = SoakDeal.Plan.ABORT_AFTER_REJECTION;
            action = "abort";
        } else if (deal.plan == SoakDeal.Plan.ABORT_AFTER_REJECTION) {
            action = "abort"; // the first decision was not taken (409): decide again
        } else {
            deal.unplannedParks++;
            if (deal.unplannedParks > MAX_UNPLANNED_RETRIES) {
                throw new IllegalStateException("parked " + deal.unplannedParks + " times without a plan, at " + step
                        + ": " + parked.path("openException"));
            }
            action = "retry";
        }
        Answer answer = o2c.decide(deal.workflowId(), action);
        deal.decisions.add(action + "@" + step + ":" + answer.status());
        if (answer.status() == 202) {
            deal.lastDecided = exceptionId;
            return true;
        }
        O2cClient.sleep(1000); // stale or not open yet: look again
        return false;
    }

    /** One approved time entry, then bill-now through today; waits for the run to issue its invoice. */
    private void bill(SoakDeal deal) {
        String billing = "project-billing-" + deal.psaProjectId;
        poll("the billing process " + billing, () -> board.get(billing));
        ObjectNode entry = JsonNodeFactory.instance.objectNode().put("person", "soak@o2c.dev").put("role", "Engineer")
                .put("date", today.minusDays(1).toString()).put("hours", "2.00").put("description", "soak work");
        String entryId = retrying("time entry", () -> o2c.post(sandbox + "/psa/v1/projects/" + deal.psaProjectId
                + "/time-entries", entry, null)).expect(201).text("id");
        retrying("approve " + entryId, () -> o2c.post(sandbox + "/psa/v1/time-entries/" + entryId + "/approve",
                JsonNodeFactory.instance.objectNode(), null)).expect(200);
        // bill-now is an Update: when the starter answers 5xx (the worker was being killed), the run may still have
        // been queued. Sent again with the same Idempotency-Key it answers that run instead of queuing another (before
        // the key, each repeat queued a run that found nothing to bill; in a full soak one project piled up 40 of
        // them, each repeat waiting behind the last). The invoice is still read from the PSA entry it billed.
        String idempotencyKey = "soak-bill-now-" + deal.psaProjectId;
        Answer billNow = null;
        for (int attempt = 1; attempt <= 40 && (billNow == null || billNow.status() != 202); attempt++) {
            if (attempt > 1) {
                deal.billNowRetries++;
                O2cClient.sleep(1000);
            }
            try {
                billNow = o2c.billNow(deal.psaProjectId, today, idempotencyKey);
            } catch (UncheckedIOException e) {
                billNow = null;
            }
            if (billNow != null && !INJECTED.contains(billNow.status()) && billNow.status() != 202) {
                throw new IllegalStateException("bill-now refused: " + billNow);
            }
        }
        deal.runId = billNow == null ? null : billNow.text("processId");
        if (deal.runId == null) {
            throw new IllegalStateException("bill-now of " + deal.psaProjectId + " never accepted: " + billNow);
        }
        JsonNode run = poll("billing run " + deal.runId, () -> {
            JsonNode process = board.get(deal.runId);
            return process != null && O2P_FINAL.contains(process.path("status").asText()) ? process : null;
        });
        deal.runStatus = run.path("status").asText();
        JsonNode billed = poll("time entry " + entryId + " billed", () -> {
            Answer answer = retrying("time entry " + entryId, () -> o2c.get(sandbox + "/psa/v1/time-entries/"
                    + entryId));
            return answer.status() == 200 && answer.body().path("billedInvoiceRef").isTextual() ? answer.body() : null;
        });
        deal.invoiceId = billed.path("billedInvoiceRef").asText();
        progress.add(System.nanoTime());
    }

    /** The customer pays the invoice in full once it is SENT; waits for invoice-to-cash to complete. */
    private void pay(SoakDeal deal) {
        JsonNode sent = poll("invoice " + deal.invoiceId + " SENT", () -> {
            Answer answer = retrying("invoice " + deal.invoiceId, () -> o2c.get(sandbox + "/invoicing/v1/invoices/"
                    + deal.invoiceId));
            return answer.status() == 200 && "SENT".equals(answer.body().path("status").asText())
                    ? answer.body() : null;
        });
        BigDecimal total = O2cClient.amount(sent.path("total"));
        retrying("pay " + deal.invoiceId, () -> o2c.pay(deal.invoiceId, total.toPlainString(), EUR,
                "soak " + deal.invoiceId)).expect(201);
        String cash = "invoice-to-cash-" + deal.invoiceId;
        JsonNode done = poll(cash + " settled", () -> {
            JsonNode process = board.get(cash);
            return process != null && O2P_FINAL.contains(process.path("status").asText()) ? process : null;
        });
        deal.cashStatus = done.path("status").asText();
        progress.add(System.nanoTime());
    }

    /** A created id from the ledger's summary, else from the workflow's own state (one query). */
    private String createdId(String workflowId, JsonNode summary, String name) {
        String id = O2cClient.ids(summary).get(name);
        if (id == null) {
            Answer live = o2c.process(workflowId);
            id = live.status() == 200 ? O2cClient.ids(live.body()).get(name) : null;
        }
        if (id == null) {
            throw new IllegalStateException(workflowId + " names no " + name + ": " + summary);
        }
        return id;
    }

    /** Calls again while the answer is an injected fault (429 or 5xx): such a call changed nothing. */
    private Answer retrying(String what, Supplier<Answer> call) {
        Answer answer = null;
        for (int attempt = 1; attempt <= 40; attempt++) {
            try {
                answer = call.get();
                if (!INJECTED.contains(answer.status())) {
                    return answer;
                }
            } catch (UncheckedIOException e) {
                // a slow answer is no verdict: call again
            }
            O2cClient.sleep(100 + ThreadLocalRandom.current().nextInt(200));
        }
        throw new IllegalStateException(what + ": still refused after 40 calls: " + answer);
    }

    /**
     * Asks {@code probe} every 1 to 1.5 s (jittered, so deals do not poll in step) until it answers a node; fails at
     * the soak's deadline.
     */
    private JsonNode poll(String what, Supplier<JsonNode> probe) {
        while (System.nanoTime() - deadlineNanos < 0) {
            try {
                JsonNode found = probe.get();
                if (found != null) {
                    return found;
                }
            } catch (UncheckedIOException e) {
                // ask again
            }
            O2cClient.sleep(1000 + ThreadLocalRandom.current().nextInt(500));
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /** Deadline left, for the report. */
    Duration left() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
