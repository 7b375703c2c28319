package dev.o2c.workflows.systems;

/**
 * What {@code collect} found (counts only).
 *
 * @param unrated time entries with no rate in force for their role on their date
 * @param unratedExample e.g. {@code "role Architect on 2026-03-02 (tim_...)"}, null when none
 * @param foreignExpenses expenses in another currency than the contract's (to convert)
 */
public record Collected(int timeEntries, int expenses, int milestones, int feeLines, int unrated,
        String unratedExample, int foreignExpenses) {

    public int total() {
        return timeEntries + expenses + milestones + feeLines;
    }
}
