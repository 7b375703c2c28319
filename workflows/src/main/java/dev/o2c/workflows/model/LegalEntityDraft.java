package dev.o2c.workflows.model;

/**
 * A legal entity as read from CRM, before validation; see {@link LegalEntity}.
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record LegalEntityDraft(
        String code,
        String name,
        String functionalCurrency) {
}
