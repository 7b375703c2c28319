package dev.o2c.workflows.model;

/**
 * One problem found while validating data from a source system: the {@code field} path (dotted, with list
 * indexes, e.g. {@code "customer.taxId"}, {@code "contract.rateCard[0].rates[1].hourlyRate"}) and what is wrong
 * with it ({@code "missing"}, {@code "not an ISO 4217 code"}, ...).
 *
 * <p>Invariants: {@code field} and {@code problem} are not blank.
 */
public record Violation(String field, String problem) {

    public Violation {
        Checks.requireNonBlank(field, "Violation.field");
        Checks.requireNonBlank(problem, "Violation.problem");
    }

    /** {@code "customer.taxId: missing"}. */
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
