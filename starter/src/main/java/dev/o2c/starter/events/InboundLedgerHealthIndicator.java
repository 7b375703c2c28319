package dev.o2c.starter.events;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code inboundLedger}: whether the inbound event ledger can be reached (and is migrated). Shown in
 * {@code /actuator/health}, not in the readiness group: while it is away only webhooks are refused (503, so they are
 * redelivered); the rest of the API still answers.
 */
@Component
public class InboundLedgerHealthIndicator extends AbstractHealthIndicator {

    private final InboundEvents events;

    public InboundLedgerHealthIndicator(InboundEvents events) {
        super("Inbound event ledger health check failed");
        this.events = events;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        events.ping();
        builder.up();
    }
}
