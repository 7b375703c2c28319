package dev.o2c.ledger.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset position in a newest-first list: the sort time and the key of the last row of a page. Encoded as URL-safe
 * base64 of {@code kind|epochSecond|nano|key} so that callers treat it as opaque and a cursor of one list is refused by
 * another.
 */
record Cursor(Instant at, String key) {

    static String encode(String kind, Instant at, String key) {
        String raw = kind + "|" + at.getEpochSecond() + "|" + at.getNano() + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String kind, String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals(kind)) {
                throw new InvalidCursorException("cursor does not belong to this list");
            }
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), parts[3]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            if (e instanceof InvalidCursorException invalid) {
                throw invalid;
            }
            throw new InvalidCursorException("malformed cursor");
        }
    }
}
