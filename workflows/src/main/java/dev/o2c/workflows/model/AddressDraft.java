package dev.o2c.workflows.model;

/**
 * A billing address as read from CRM, before validation; see {@link Address}. {@code country} is an ISO
 * 3166-1 alpha-2 code (case-insensitive).
 *
 * <p>Invariants: none; every component may be {@code null} or blank.
 */
public record AddressDraft(
        String line1,
        String line2,
        String city,
        String postalCode,
        String region,
        String country) {
}
