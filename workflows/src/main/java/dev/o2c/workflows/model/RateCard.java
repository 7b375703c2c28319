package dev.o2c.workflows.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An effective-dated rate card: the hourly rate per role, as it changes over time.
 *
 * <p>Invariants: {@code versions} is non-empty, ordered by strictly increasing
 * {@link RateCardVersion#effectiveFrom()} (no two versions on the same date) and all versions are in one
 * currency. A version is in force from its {@code effectiveFrom} (inclusive) until the next version's
 * {@code effectiveFrom} (exclusive); the last version has no end. Before the first version no rate is in force.
 */
public record RateCard(List<RateCardVersion> versions) {

    public RateCard {
        versions = Checks.copyNonEmpty(versions, "RateCard.versions");
        String currency = versions.get(0).currency();
        for (int i = 1; i < versions.size(); i++) {
            RateCardVersion previous = versions.get(i - 1);
            RateCardVersion current = versions.get(i);
            if (!current.effectiveFrom().isAfter(previous.effectiveFrom())) {
                throw new IllegalArgumentException("RateCard.versions must be in strictly increasing effectiveFrom"
                        + " order, but " + current.effectiveFrom() + " follows " + previous.effectiveFrom());
            }
            if (!current.currency().equals(currency)) {
                throw new CurrencyMismatchException("RateCard.versions[" + i + "] must be in " + currency
                        + ", was " + current.currency(), currency, current.currency());
            }
        }
    }

    public static RateCard of(RateCardVersion... versions) {
        return new RateCard(List.of(versions));
    }

    /** The currency of every rate of this card. */
    public String currency() {
        return versions.get(0).currency();
    }

    /** The version in force on {@code date}: the latest whose {@code effectiveFrom} is on or before it. */
    public Optional<RateCardVersion> versionInForceOn(LocalDate date) {
        Checks.requireNonNull(date, "date");
        RateCardVersion inForce = null;
        for (RateCardVersion version : versions) {
            if (version.effectiveFrom().isAfter(date)) {
                break;
            }
            inForce = version;
        }
        return Optional.ofNullable(inForce);
    }

    /**
     * The hourly rate for {@code role} on {@code date}, from the version in force that day; empty when no version
     * is in force yet or that version has no rate for the role (it does not fall back to older versions).
     */
    public Optional<Money> rateFor(String role, LocalDate date) {
        return versionInForceOn(date).flatMap(version -> version.rateFor(role));
    }

    /**
     * A copy with {@code version} added (replacing a version with the same {@code effectiveFrom}), e.g. new rates
     * from a {@link ContractAmendment}. Throws {@link CurrencyMismatchException} if it is in another currency.
     */
    public RateCard withVersion(RateCardVersion version) {
        Checks.requireNonNull(version, "version");
        List<RateCardVersion> merged = new ArrayList<>();
        for (RateCardVersion existing : versions) {
            if (!existing.effectiveFrom().equals(version.effectiveFrom())) {
                merged.add(existing);
            }
        }
        merged.add(version);
        merged.sort(Comparator.comparing(RateCardVersion::effectiveFrom));
        return new RateCard(merged);
    }
}
