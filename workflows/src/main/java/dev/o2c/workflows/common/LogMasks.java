package dev.o2c.workflows.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data before it reaches a log line: e-mail addresses and tax ids, alone or inside free text (a
 * system's error message, a failure description). Deterministic (regular expressions only): usable in workflow code.
 */
public final class LogMasks {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    /**
     * A tax id as the systems carry them: a two-letter country prefix and 8 to 14 characters with at least 6 digits
     * (DE123456789, GB123456789000, ATU12345678, FR12345678901).
     */
    private static final Pattern TAX_ID = Pattern.compile("\\b[A-Z]{2}[A-Z0-9]{0,2}(?=[A-Z0-9]*\\d{6})[A-Z0-9]{6,14}\\b");

    private LogMasks() {}

    /** {@code jane.doe@example.com} → {@code j***@***.com}; null stays null. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return email;
        }
        Matcher m = EMAIL.matcher(email.strip());
        if (!m.matches()) {
            return "***";
        }
        return m.group(1) + "***@***" + topLevel(m.group(2));
    }

    /** {@code DE123456789} → {@code DE*****789}: the country and the last three characters; null stays null. */
    public static String taxId(String taxId) {
        if (taxId == null || taxId.isBlank()) {
            return taxId;
        }
        String id = taxId.strip();
        if (id.length() <= 5) {
            return "***";
        }
        return id.substring(0, 2) + "*".repeat(id.length() - 5) + id.substring(id.length() - 3);
    }

    /** Free text with every e-mail address and tax id in it masked; null stays null. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(email(m.group())));
        return TAX_ID.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(taxId(m.group())));
    }

    private static String topLevel(String domain) {
        int dot = domain.lastIndexOf('.');
        return dot < 0 ? "" : domain.substring(dot);
    }
}
