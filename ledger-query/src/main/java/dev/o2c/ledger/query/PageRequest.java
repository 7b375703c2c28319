package dev.o2c.ledger.query;

/**
 * Which page of a newest-first list to read.
 *
 * @param limit page size, clamped to 1..{@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when null
 * @param cursor the {@link Page#nextCursor()} of the previous page, null or blank for the first page
 */
public record PageRequest(Integer limit, String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        limit = limit == null ? DEFAULT_LIMIT : Math.clamp(limit, 1, MAX_LIMIT);
        cursor = cursor == null || cursor.isBlank() ? null : cursor;
    }

    public static PageRequest first() {
        return new PageRequest(null, null);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }
}
