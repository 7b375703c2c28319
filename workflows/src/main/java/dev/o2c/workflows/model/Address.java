package dev.o2c.workflows.model;

/**
 * A postal address, used as a customer's billing address.
 *
 * <p>Invariants: {@code line1}, {@code city} and {@code postalCode} are not blank; {@code line2} and
 * {@code region} are optional (blank becomes {@code null}); {@code country} is an upper-case ISO 3166-1 alpha-2
 * code known to {@link java.util.Locale#getISOCountries()} (e.g. {@code "DE"}).
 */
public record Address(String line1, String line2, String city, String postalCode, String region, String country) {

    public Address {
        Checks.requireNonBlank(line1, "Address.line1");
        line2 = Checks.optional(line2);
        Checks.requireNonBlank(city, "Address.city");
        Checks.requireNonBlank(postalCode, "Address.postalCode");
        region = Checks.optional(region);
        Checks.requireCountry(country, "Address.country");
    }
}
