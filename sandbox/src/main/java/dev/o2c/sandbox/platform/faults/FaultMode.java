package dev.o2c.sandbox.platform.faults;

public enum FaultMode {
    /** 5xx problem+json (default 503, with Retry-After). */
    TRANSIENT,
    /** 4xx problem+json of type .../rejected (default 422). */
    PERMANENT,
    /** Sleeps {@code latencyMs}, then processes the request normally. */
    LATENCY,
    /** 429 problem+json with Retry-After. */
    RATE_LIMIT
}
