package dev.o2c.workflows.model;

/**
 * The customer's finance attributes as read from CRM (account), before validation; see {@link Customer}.
 * {@code externalId} may be left {@code null} (the engagement's account id is used); {@code currency} and the legal
 * entity's currency are ISO 4217 codes (case-insensitive); {@code paymentTerms} is a number of days, {@code "30"}
 * or {@code "Net 30"}.
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record CustomerDraft(
        String externalId,
        String name,
        LegalEntityDraft legalEntity,
        String taxId,
        AddressDraft billingAddress,
        String currency,
        String paymentTerms) {
}
