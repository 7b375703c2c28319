package dev.o2c.starter.dashboard;

import dev.o2c.starter.events.InboundDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's facts from the starter's inbound event ledger: when o2c learned that work was approved, that an
 * invoice was paid, credited or rejected. Only verified events that were routed, parked or recognised as a duplicate
 * count (not one refused or still being routed); a redelivered event is one row already, and the callers keep the first
 * event per business id (entry, payment, credit memo) when a system sent the same fact under two event ids. Imported
 * by {@link DashboardConfiguration}.
 */
public class InboundFacts {

    private static final String COUNTED = " verdict = 'VALID' and status in ('STARTED', 'ROUTED', 'DUPLICATE',"
            + " 'UNMANAGED') and received_at >= :since ";

    private final JdbcClient jdbc;

    public InboundFacts(@Qualifier(InboundDatabase.QUALIFIER) JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code time.approved} or {@code expense.approved}: an entry id, its project and when o2c heard of it. */
    public record Approval(String kind, String entryId, String projectId, Instant approvedAt) {}

    /** {@code payment.received}. */
    public record PaymentEvent(String paymentId, String invoiceId, BigDecimal amount, String currency,
            Instant receivedAt) {}

    /** {@code invoice.credited}. */
    public record CreditEvent(String creditMemoId, String invoiceId, BigDecimal amount, String currency) {}

    public List<Approval> approvals(Instant since) {
        return jdbc.sql("""
                select type, coalesce(payload -> 'data' ->> 'timeEntryId', payload -> 'data' ->> 'expenseId') as entry,
                       payload -> 'data' ->> 'projectId' as project, received_at
                  from inbound_event
                 where type in ('time.approved', 'expense.approved') and """ + COUNTED + """
                 order by received_at
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Approval(rs.getString("type").equals("time.approved") ? "TIME" : "EXPENSE",
                        rs.getString("entry"), rs.getString("project"),
                        rs.getTimestamp("received_at").toInstant()))
                .list()
                .stream().filter(a -> a.entryId() != null).toList();
    }

    public List<PaymentEvent> payments(Instant since) {
        return jdbc.sql("""
                select payload -> 'data' ->> 'paymentId' as payment, payload -> 'data' ->> 'invoiceId' as invoice,
                       payload -> 'data' ->> 'amount' as amount, payload -> 'data' ->> 'currency' as currency,
                       received_at
                  from inbound_event
                 where type = 'payment.received' and """ + COUNTED + """
                 order by received_at
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new PaymentEvent(rs.getString("payment"), rs.getString("invoice"),
                        decimal(rs.getString("amount")), rs.getString("currency"),
                        rs.getTimestamp("received_at").toInstant()))
                .list()
                .stream().filter(p -> p.paymentId() != null && p.invoiceId() != null && p.amount() != null).toList();
    }

    public List<CreditEvent> credits(Instant since) {
        return jdbc.sql("""
                select payload -> 'data' ->> 'creditMemoId' as memo, payload -> 'data' ->> 'invoiceId' as invoice,
                       payload -> 'data' ->> 'amount' as amount, payload -> 'data' ->> 'currency' as currency
                  from inbound_event
                 where type = 'invoice.credited' and """ + COUNTED + """
                 order by received_at
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new CreditEvent(rs.getString("memo"), rs.getString("invoice"),
                        decimal(rs.getString("amount")), rs.getString("currency")))
                .list()
                .stream().filter(c -> c.creditMemoId() != null && c.invoiceId() != null && c.amount() != null)
                .toList();
    }

    /** When each {@code invoice.rejected} since {@code since} arrived. */
    public List<Instant> rejections(Instant since) {
        return jdbc.sql("select received_at from inbound_event where type = 'invoice.rejected' and " + COUNTED)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> rs.getTimestamp("received_at").toInstant())
                .list();
    }

    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
