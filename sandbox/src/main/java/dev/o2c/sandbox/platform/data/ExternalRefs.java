package dev.o2c.sandbox.platform.data;

import dev.o2c.sandbox.platform.web.ApiException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rule every system applies to the {@code externalRef} of a new project or billing plan, as a real system
 * with a unique external key would: at most one <em>live</em> object per external ref. A create whose ref a live object
 * already has answers {@code 409} naming it ({@code existingId}); an object that was undone (cancelled, closed, voided)
 * does not block a new one, so a deal compensated earlier can be provisioned again. Creates without a ref are not
 * checked.
 *
 * <p>Concurrent creates with the same ref serialise on a transaction-scoped advisory lock of (table, ref), so two
 * requests racing past the check cannot both insert.
 */
public final class ExternalRefs {

    private ExternalRefs() {
    }

    /**
     * Fails with 409 when {@code table} holds a live object (its {@code status} is not {@code undoneStatus}) with this
     * {@code external_ref}; otherwise holds the lock on the ref until the request's transaction ends.
     *
     * @param table e.g. {@code psa.projects} (a constant, never user input)
     * @param what the object's name in the problem, e.g. {@code project}
     */
    public static void requireNoLiveObject(JdbcClient jdbc, String table, String undoneStatus, String what,
            String externalRef) {
        if (externalRef == null || externalRef.isBlank()) {
            return;
        }
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:table), hashtext(:ref))) AS locked")
                .param("table", table).param("ref", externalRef).query(Integer.class).single();
        Optional<String> live = jdbc.sql("SELECT id FROM " + table
                        + " WHERE external_ref = :ref AND status <> :undone ORDER BY created_at, id LIMIT 1")
                .param("ref", externalRef).param("undone", undoneStatus).query(String.class).optional();
        if (live.isPresent()) {
            throw ApiException.conflict("A " + what + " with externalRef " + externalRef + " already exists: "
                            + live.get())
                    .with("externalRef", externalRef).with("existingId", live.get());
        }
    }
}
