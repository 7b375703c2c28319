package dev.o2c.workflows.reconciliation;

import dev.o2c.workflows.systems.CheckPage;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one check of a reconciliation got: counts and the cursor only, never the objects (they stay in the systems
 * and the ledger). Carried across continue-as-new.
 *
 * @param pages pages read so far
 * @param checked subjects compared (the pages' {@code checked} summed)
 * @param skipped subjects left to a process at work or changed within the settle window
 * @param discrepancies discrepancies found, by kind name (new or already open), in name order
 * @param cursor the {@code after} of the next page; null before the first page and after the last
 * @param finished true once a page answered no next cursor
 */
public record CheckProgress(ReconciliationCheck check, int pages, long checked, long skipped,
        Map<String, Integer> discrepancies, String cursor, boolean finished) {

    public CheckProgress {
        discrepancies = discrepancies == null ? Map.of() : Map.copyOf(discrepancies);
    }

    /** Nothing read yet. */
    public static CheckProgress start(ReconciliationCheck check) {
        return new CheckProgress(check, 0, 0, 0, Map.of(), null, false);
    }

    /** This progress after {@code page}: counts summed, the cursor moved to the page's {@code next}. */
    public CheckProgress plus(CheckPage page) {
        Map<String, Integer> sum = new TreeMap<>(discrepancies);
        page.found().forEach((kind, n) -> sum.merge(kind, n, Integer::sum));
        return new CheckProgress(check, pages + 1, checked + page.checked(), skipped + page.skipped(), sum,
                page.next(), page.next() == null);
    }

    /** Discrepancies of every kind found by this check. */
    public int found() {
        return discrepancies.values().stream().mapToInt(Integer::intValue).sum();
    }
}
