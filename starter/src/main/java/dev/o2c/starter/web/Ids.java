package dev.o2c.starter.web;

import java.util.regex.Pattern;

/**
 * Ids in paths and bodies: letters, digits and {@code . _ : -}, bounded in length. Checked before an id reaches
 * Temporal or the ledger, so that hostile input (control characters, NUL, huge strings) is a clear {@code 400}.
 */
public final class Ids {

    /** The characters of every o2c id (business ids, workflow ids, exception ids). */
    public static final String ID_PATTERN = "[A-Za-z0-9._:-]*";
    /** Business ids (opportunity, project, invoice, dispute). */
    public static final int MAX_BUSINESS_ID = 100;
    /** Workflow and exception ids: a prefix and a business id. */
    public static final int MAX_WORKFLOW_ID = 200;

    private static final Pattern SAFE = Pattern.compile(ID_PATTERN);

    private Ids() {}

    /** True when {@code id} is non-blank, at most {@code max} characters, and uses only the id characters. */
    public static boolean isSafe(String id, int max) {
        return id != null && !id.isBlank() && id.length() <= max && SAFE.matcher(id).matches();
    }

    /**
     * @return {@code id}
     * @throws ApiProblem {@code 400 validation-failed} naming {@code field}
     */
    public static String checked(String field, String id, int max) {
        if (!isSafe(id, max)) {
            throw ApiProblem.invalidField(field, "at most " + max + " letters, digits and . _ : -");
        }
        return id;
    }

    /** Like {@link #checked} for an optional value: null stays null. */
    public static String checkedIfPresent(String field, String id, int max) {
        return id == null ? null : checked(field, id, max);
    }
}
