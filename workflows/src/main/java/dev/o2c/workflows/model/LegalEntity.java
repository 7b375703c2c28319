package dev.o2c.workflows.model;

/**
 * The firm's legal entity that contracts with a customer, books its receivables and recognises its revenue (the
 * ERP company code).
 *
 * <p>Invariants: {@code code} is not blank; {@code name} is optional; {@code functionalCurrency} is an ISO 4217
 * code. The functional currency may differ from the customer's invoicing currency.
 */
public record LegalEntity(String code, String name, String functionalCurrency) {

    public LegalEntity {
        Checks.requireNonBlank(code, "LegalEntity.code");
        name = Checks.optional(name);
        Checks.requireCurrency(functionalCurrency, "LegalEntity.functionalCurrency");
    }
}
