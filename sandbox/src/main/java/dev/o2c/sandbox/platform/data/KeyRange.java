package dev.o2c.sandbox.platform.data;

import dev.o2c.sandbox.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keyset paging over a join key, for the lists a reconciliation walks (see "Reconciliation" in
 * {@code docs/processes.md}). Rows are ordered by key, then id, in byte order ({@code COLLATE "C"}), so that every
 * system orders the same keys the same way and a caller can ask another system for exactly the key range of the page
 * it holds: {@code after} (exclusive) and {@code through} (inclusive) bound the key, {@code cursor} (a previous page's
 * {@code nextCursor}) continues inside the range. For a list keyed by its own id the key is the id and
 * {@code nextCursor} is the last id, so {@code after} is all a caller needs.
 */
public record KeyRange(String after, String through, Position position, int limit) {

    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 1_000;

    /** Where a page inside the range starts: after this key and id. */
    record Position(String key, String id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("k1|" + key + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split("\\|", -1);
                if (parts.length != 3 || !"k1".equals(parts[0]) || parts[2].isEmpty()) {
                    throw new IllegalArgumentException(cursor);
                }
                return new Position(parts[1], parts[2]);
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor", "is not a cursor this list answered");
            }
        }
    }

    /** True when the caller asked for a page (any paging parameter), false for the plain list older clients get. */
    public static boolean requested(String after, String through, Integer limit, String cursor) {
        return after != null || through != null || limit != null || cursor != null;
    }

    /** Validates the parameters: {@code limit} 1..1000 (default 500), {@code cursor} one this list answered. */
    public static KeyRange of(String after, String through, Integer limit, String cursor) {
        Checks.start().check(limit == null || (limit >= 1 && limit <= MAX_LIMIT), "limit",
                "must be between 1 and " + MAX_LIMIT).orThrow();
        Position position = cursor == null || cursor.isEmpty() ? null : Position.decode(cursor);
        return new KeyRange(blankToNull(after), blankToNull(through), position, limit == null ? DEFAULT_LIMIT : limit);
    }

    /**
     * One page of {@code select} (a query ending in a WHERE clause, e.g. {@code SELECT * FROM t WHERE status <> 'X'},
     * or {@code ... WHERE true}) with this range on {@code keyColumn} and {@code idColumn}.
     *
     * @param key the key of a mapped row, for the next cursor
     * @param id  the id of a mapped row
     */
    public <T> Page<T> query(JdbcClient jdbc, String select, Map<String, Object> params, String keyColumn,
            String idColumn, RowMapper<T> mapper, Function<T, String> key, Function<T, String> id) {
        String k = keyColumn + " COLLATE \"C\"";
        String i = idColumn + " COLLATE \"C\"";
        StringBuilder sql = new StringBuilder(select);
        Map<String, Object> all = new HashMap<>(params);
        if (after != null) {
            sql.append(" AND ").append(k).append(" > :rangeAfter");
            all.put("rangeAfter", after);
        }
        if (through != null) {
            sql.append(" AND ").append(k).append(" <= :rangeThrough");
            all.put("rangeThrough", through);
        }
        if (position != null) {
            sql.append(" AND (").append(k).append(", ").append(i).append(") > (:posKey, :posId)");
            all.put("posKey", position.key());
            all.put("posId", position.id());
        }
        sql.append(" ORDER BY ").append(k).append(", ").append(i).append(" LIMIT ").append(limit + 1);
        List<T> rows = jdbc.sql(sql.toString()).params(all).query(mapper).list();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        T last = items.getLast();
        boolean keyedById = keyColumn.equals(idColumn);
        return new Page<>(items, keyedById ? id.apply(last) : new Position(key.apply(last), id.apply(last)).encode());
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
