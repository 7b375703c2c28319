package dev.o2c.ledger.query;

import java.util.List;

/**
 * One page of a newest-first list.
 *
 * @param items the rows of this page
 * @param nextCursor opaque cursor of the next page, null when this is the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
