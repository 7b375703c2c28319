package dev.o2c.workflows.systems;

/**
 * What {@code convertCurrencies} did.
 *
 * @param missing expenses for which the ERP has no rate (currency, date)
 * @param missingExample e.g. {@code "CHF to EUR on 2026-03-02"}, null when none
 */
public record Converted(int converted, int missing, String missingExample) {}
