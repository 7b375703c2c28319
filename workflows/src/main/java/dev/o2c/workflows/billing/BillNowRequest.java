package dev.o2c.workflows.billing;

import java.time.LocalDate;

/**
 * Input of the {@code billNow} update: bill everything approved and unbilled up to {@code through} now.
 *
 * @param through last day billed (inclusive); not in the future, not before the contract starts
 * @param actor who asked (audit trail)
 */
public record BillNowRequest(LocalDate through, String actor) {

    public BillNowRequest {
        actor = actor == null || actor.isBlank() ? "operator" : actor;
    }
}
