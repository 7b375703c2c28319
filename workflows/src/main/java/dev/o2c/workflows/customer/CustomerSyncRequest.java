package dev.o2c.workflows.customer;

import java.time.Duration;

/**
 * Input of {@link CustomerSyncWorkflow}.
 *
 * @param parkTimeout how long a conflict waits for a decision before the run is aborted (null: 30 days)
 */
public record CustomerSyncRequest(String accountId, String correlationId, Duration parkTimeout) {

    public static final Duration DEFAULT_PARK_TIMEOUT = Duration.ofDays(30);

    public CustomerSyncRequest {
        parkTimeout = parkTimeout == null ? DEFAULT_PARK_TIMEOUT : parkTimeout;
    }
}
