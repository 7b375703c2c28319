package dev.o2c.workflows.model;

/**
 * A customer as the finance systems need it: the CRM account enriched with every attribute ERP and the invoicing
 * platform require.
 *
 * <p>Invariants: all components are required. {@code externalId} (the CRM account id, the customer's key in every
 * system), {@code name} and {@code taxId} are not blank; {@code currency} is the ISO 4217 invoicing currency
 * (it may differ from the legal entity's functional currency).
 */
public record Customer(
        String externalId,
        String name,
        LegalEntity legalEntity,
        String taxId,
        Address billingAddress,
        String currency,
        PaymentTerms paymentTerms) {

    public Customer {
        Checks.requireNonBlank(externalId, "Customer.externalId");
        Checks.requireNonBlank(name, "Customer.name");
        Checks.requireNonNull(legalEntity, "Customer.legalEntity");
        Checks.requireNonBlank(taxId, "Customer.taxId");
        Checks.requireNonNull(billingAddress, "Customer.billingAddress");
        Checks.requireCurrency(currency, "Customer.currency");
        Checks.requireNonNull(paymentTerms, "Customer.paymentTerms");
    }
}
