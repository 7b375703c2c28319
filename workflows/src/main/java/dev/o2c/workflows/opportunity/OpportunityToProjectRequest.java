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
 * @param incarnation which provisioning of this opportunity this is: 1 for the first; a new run after an ABORTED or
 *     COMPENSATED one is the next number (a LOST run is started again under its own number). Part of every
 *     idempotency key from 2 on, so a new incarnation never gets the old one's answers. 0 (absent in JSON) means 1.
 */
public record OpportunityToProjectRequest(
        String opportunityId, String correlationId, String source, Duration parkTimeout, int incarnation) {

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
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must be positive");
        }
        incarnation = incarnation == 0 ? 1 : incarnation;
    }

    /** The first incarnation. */
    public OpportunityToProjectRequest(String opportunityId, String correlationId, String source,
            Duration parkTimeout) {
        this(opportunityId, correlationId, source, parkTimeout, 1);
    }
}
