package dev.o2c.workflows.opportunity;

import java.time.Duration;
import java.util.Objects;

/**
 * Input of {@link OpportunityToProjectWorkflow}.
 *
 * @param opportunityId the won CRM opportunity
 * @param correlationId correlation id that entered at the API or webhook
 * @param source what started it, e.g. {@code api} or {@code webhook:evt_123}
 * @param parkTimeout how long a parked process waits for an operator before it aborts by itself
 */
public record OpportunityToProjectRequest(
        String opportunityId, String correlationId, String source, Duration parkTimeout) {

    public static final Duration DEFAULT_PARK_TIMEOUT = Duration.ofDays(14);

    public OpportunityToProjectRequest {
        Objects.requireNonNull(opportunityId, "opportunityId");
        if (opportunityId.isBlank()) {
            throw new IllegalArgumentException("opportunityId must not be blank");
        }
        parkTimeout = parkTimeout == null ? DEFAULT_PARK_TIMEOUT : parkTimeout;
        if (parkTimeout.isNegative() || parkTimeout.isZero()) {
            throw new IllegalArgumentException("parkTimeout must be positive");
        }
    }
}
