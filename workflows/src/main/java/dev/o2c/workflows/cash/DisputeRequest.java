package dev.o2c.workflows.cash;

import dev.o2c.workflows.model.Money;

/**
 * A customer dispute: holds dunning until resolved.
 *
 * @param amount the disputed amount; null disputes the whole open balance
 * @param requestId the caller's id of the request (an idempotency key): the same id again answers the same dispute
 */
public record DisputeRequest(String reason, Money amount, String actor, String requestId) {}
