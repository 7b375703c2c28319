package dev.o2c.workflows.systems;

import java.util.Map;

/**
 * What one page of a reconciliation check saw (counts only: the objects and the discrepancies stay in the systems
 * and the ledger, never in workflow history).
 *
 * @param checked subjects compared: the walked list's items less those skipped, plus (receivables) the invoice refs
 *     of receivables whose invoice is not in the list
 * @param skipped subjects left to the process at work on them, or changed within the settle window
 * @param found discrepancies found on the page, by kind name (new or already open)
 * @param next the {@code after} of the next page, null after the last
 */
public record CheckPage(String check, int checked, int skipped, Map<String, Integer> found, String next) {

    public CheckPage {
        found = Map.copyOf(found);
    }
}
