package dev.o2c.workflows.model;

import java.time.LocalDate;

/**
 * Payment terms as "net N days": an invoice issued on day D is due on D + {@code netDays}.
 *
 * <p>Invariant: {@code 0 <= netDays <= 365} (0 means due on receipt).
 */
public record PaymentTerms(int netDays) {

    public static final int MAX_NET_DAYS = 365;

    public PaymentTerms {
        if (netDays < 0 || netDays > MAX_NET_DAYS) {
            throw new IllegalArgumentException(
                    "PaymentTerms.netDays must be between 0 and " + MAX_NET_DAYS + ", was " + netDays);
        }
    }

    public static PaymentTerms net(int days) {
        return new PaymentTerms(days);
    }

    /** The due date of an invoice issued on {@code issueDate}. */
    public LocalDate dueDate(LocalDate issueDate) {
        return Checks.requireNonNull(issueDate, "issueDate").plusDays(netDays);
    }
}
