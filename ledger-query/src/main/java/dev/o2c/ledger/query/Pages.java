package dev.o2c.ledger.query;

import java.util.List;
import java.util.function.Function;

/** Pages of newest-first lists (also the starter's inbound events). */
public final class Pages {

    private Pages() {}

    /** Builds a page from up to {@code limit + 1} rows: the extra row only tells that a next page exists. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.getLast()));
    }
}
