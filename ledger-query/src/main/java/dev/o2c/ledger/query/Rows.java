package dev.o2c.ledger.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Column reading shared by the query classes. */
final class Rows {

    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A jsonb object of strings, selected as two parallel text arrays (keys, values) so no JSON library is needed. */
    static Map<String, String> textMap(ResultSet rs, String keysColumn, String valuesColumn) throws SQLException {
        Array keys = rs.getArray(keysColumn);
        Array values = rs.getArray(valuesColumn);
        Map<String, String> map = new LinkedHashMap<>();
        if (keys == null || values == null) {
            return map;
        }
        String[] k = (String[]) keys.getArray();
        String[] v = (String[]) values.getArray();
        for (int i = 0; i < k.length; i++) {
            if (v[i] != null) {
                map.put(k[i], v[i]);
            }
        }
        return map;
    }
}
