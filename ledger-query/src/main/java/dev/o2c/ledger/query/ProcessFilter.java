package dev.o2c.ledger.query;

import java.time.Instant;

/**
 * What the operations console filters processes by; every field null means "any".
 *
 * @param processType exact process type
 * @param status exact status name
 * @param owner the owner team of an open exception the process waits on ({@code finance-ops}, ...)
 * @param startedBefore only processes started before this instant (the console's "older than")
 * @param businessId any business id the process touches: its workflow id, its business key, an id it created (the
 *     {@code created_ids} values: customer, project, invoice, ...) or an object one of its calls named (the audit's
 *     {@code object_ref}: a payment, an invoice of a billing run, ...)
 */
public record ProcessFilter(String processType, String status, String owner, Instant startedBefore,
        String businessId) {

    public static final ProcessFilter ANY = new ProcessFilter(null, null, null, null, null);
}
