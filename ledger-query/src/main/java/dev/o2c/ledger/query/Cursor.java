package dev.o2c.ledger.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Keyset position in a newest-first list: the sort time and the key of the last row of a page. Encoded as URL-safe
 * base64 of {@code kind|epochSecond|nano|key} so that callers treat it as opaque and a cursor of one list is refused by
 * another.
 *
 * <p>A cursor comes back from the client, so {@link #decode} trusts nothing in it: everything PostgreSQL or
 * {@code java.time} would choke on (an instant outside 0001..9999, a nano outside 0..999,999,999, a key with control
 * characters such as NUL, which PostgreSQL text cannot hold, or an absurdly long key) is refused as an
 * {@link InvalidCursorException} (400) here, never reaching the database as a 500 or 503.
 *
 * <p>Public so that lists of other databases (the starter's inbound events) page the same way.
 */
public record Cursor(Instant at, String key) {

    static final int MAX_KEY_LENGTH = 500;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public static String encode(String kind, Instant at, String key) {
        String raw = kind + "|" + at.getEpochSecond() + "|" + at.getNano() + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String kind, String cursor) {
        if (cursor.length() > 4 * MAX_KEY_LENGTH) {
            throw new InvalidCursorException("cursor too long");
        }
        String[] parts;
        long epochSecond;
        long nano;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            parts = raw.split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals(kind)) {
                throw new InvalidCursorException("cursor does not belong to this list");
            }
            epochSecond = Long.parseLong(parts[1]);
            nano = Long.parseLong(parts[2]);
        } catch (InvalidCursorException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("malformed cursor");
        }
        if (nano < 0 || nano > 999_999_999) {
            throw new InvalidCursorException("malformed cursor");
        }
        if (epochSecond < EARLIEST.getEpochSecond() || epochSecond > LATEST.getEpochSecond()) {
            throw new InvalidCursorException("cursor time out of range");
        }
        String key = parts[3];
        if (key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFD)) {
            throw new InvalidCursorException("malformed cursor key");
        }
        return new Cursor(Instant.ofEpochSecond(epochSecond, nano), key);
    }

    /** The time as the JDBC parameter the lists compare with. */
    public OffsetDateTime atUtc() {
        return at.atOffset(ZoneOffset.UTC);
    }
}
