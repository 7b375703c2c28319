package dev.o2c.starter.dashboard;

import dev.o2c.ledger.query.DashboardQueries;
import dev.o2c.starter.dashboard.InboundFacts.Approval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads the dashboard's facts from both stores at one moment and computes the figures. Each computation is handed
 * to the listeners (the gauges), so a request to the API refreshes them too; the last one is kept.
 */
public class DashboardService {

    private final DashboardQueries ledger;
    private final InboundFacts inbound;
    private final Clock clock;
    private final List<Consumer<OperationsDashboard>> listeners;
    private final AtomicReference<OperationsDashboard> last = new AtomicReference<>();

    public DashboardService(DashboardQueries ledger, InboundFacts inbound, Clock clock,
            List<Consumer<OperationsDashboard>> listeners) {
        this.ledger = ledger;
        this.inbound = inbound;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** Computes the dashboard now and hands it to the listeners. */
    public OperationsDashboard refresh() {
        OperationsDashboard dashboard = DashboardCalculator.compute(facts(clock.instant()));
        last.set(dashboard);
        listeners.forEach(listener -> listener.accept(dashboard));
        return dashboard;
    }

    /** The last dashboard computed, null before the first. */
    public OperationsDashboard last() {
        return last.get();
    }

    DashboardFacts facts(Instant now) {
        Instant horizon = now.minus(DashboardCalculator.HORIZON);
        List<Approval> approvals = inbound.approvals(horizon);
        return new DashboardFacts(now,
                ledger.provisioningFailures(now.minus(Duration.ofDays(30))),
                ledger.openExceptions(),
                ledger.invoices(horizon),
                approvals,
                ledger.rows(approvals.stream().map(Approval::entryId).distinct().toList()),
                inbound.payments(horizon),
                ledger.appliedPayments(horizon),
                inbound.credits(horizon),
                inbound.rejections(now.minus(Duration.ofDays(30))));
    }
}
