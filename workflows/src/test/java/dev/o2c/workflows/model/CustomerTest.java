package dev.o2c.workflows.model;

import static dev.o2c.workflows.model.Samples.address;
import static dev.o2c.workflows.model.Samples.legalEntity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Address, LegalEntity, PaymentTerms and Customer. */
class CustomerTest {

    @Test
    void addressKeepsOptionalPartsOptional() {
        Address address = new Address("Main St 1", " ", "Springfield", "12345", "", "US");
        assertThat(address.line2()).isNull();
        assertThat(address.region()).isNull();
        assertThat(address()).extracting(Address::country).isEqualTo("DE");
    }

    @Test
    void addressRejectsMissingPartsAndUnknownCountries() {
        assertThatThrownBy(() -> new Address(null, null, "Berlin", "10117", null, "DE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Address.line1 must not be blank");
        assertThatThrownBy(() -> new Address("x", null, " ", "10117", null, "DE")).hasMessageContaining("city");
        assertThatThrownBy(() -> new Address("x", null, "Berlin", null, null, "DE")).hasMessageContaining("postalCode");
        assertThatThrownBy(() -> new Address("x", null, "Berlin", "1", null, null)).hasMessageContaining("country");
        assertThatThrownBy(() -> new Address("x", null, "Berlin", "1", null, "XX"))
                .hasMessageContaining("not an ISO 3166-1 alpha-2");
        assertThatThrownBy(() -> new Address("x", null, "Berlin", "1", null, "DEU")).hasMessageContaining("ISO 3166");
        assertThatThrownBy(() -> new Address("x", null, "Berlin", "1", null, "de")).hasMessageContaining("ISO 3166");
    }

    @Test
    void legalEntityRules() {
        assertThat(new LegalEntity("US01", null, "USD").name()).isNull();
        assertThatThrownBy(() -> new LegalEntity("", "x", "EUR")).hasMessageContaining("LegalEntity.code");
        assertThatThrownBy(() -> new LegalEntity("DE01", "x", null)).hasMessageContaining("functionalCurrency");
        assertThatThrownBy(() -> new LegalEntity("DE01", "x", "EU")).hasMessageContaining("not an ISO 4217");
    }

    @Test
    void paymentTerms() {
        assertThat(PaymentTerms.net(0).dueDate(LocalDate.of(2025, 1, 31))).isEqualTo(LocalDate.of(2025, 1, 31));
        assertThat(PaymentTerms.net(30).dueDate(LocalDate.of(2025, 1, 31))).isEqualTo(LocalDate.of(2025, 3, 2));
        assertThat(PaymentTerms.net(365).netDays()).isEqualTo(365);
        assertThatThrownBy(() -> PaymentTerms.net(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 365");
        assertThatThrownBy(() -> PaymentTerms.net(366)).hasMessageContaining("was 366");
    }

    @Test
    void customerRequiresEveryFinanceAttribute() {
        assertThat(Samples.customer().currency()).isEqualTo("EUR");
        PaymentTerms net30 = PaymentTerms.net(30);
        assertThatThrownBy(() -> new Customer(" ", "n", legalEntity(), "t", address(), "EUR", net30))
                .hasMessageContaining("Customer.externalId");
        assertThatThrownBy(() -> new Customer("A", null, legalEntity(), "t", address(), "EUR", net30))
                .hasMessageContaining("Customer.name");
        assertThatThrownBy(() -> new Customer("A", "n", null, "t", address(), "EUR", net30))
                .hasMessage("Customer.legalEntity is required");
        assertThatThrownBy(() -> new Customer("A", "n", legalEntity(), "", address(), "EUR", net30))
                .hasMessageContaining("Customer.taxId");
        assertThatThrownBy(() -> new Customer("A", "n", legalEntity(), "t", null, "EUR", net30))
                .hasMessageContaining("Customer.billingAddress");
        assertThatThrownBy(() -> new Customer("A", "n", legalEntity(), "t", address(), "XYZ", net30))
                .hasMessageContaining("Customer.currency");
        assertThatThrownBy(() -> new Customer("A", "n", legalEntity(), "t", address(), "EUR", null))
                .hasMessageContaining("Customer.paymentTerms");
    }

    @Test
    void customerCurrencyMayDifferFromFunctionalCurrency() {
        Customer customer = new Customer("A", "n", legalEntity(), "t", address(), "USD", PaymentTerms.net(45));
        assertThat(customer.currency()).isNotEqualTo(customer.legalEntity().functionalCurrency());
    }
}
