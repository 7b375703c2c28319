package dev.o2c.starter.dashboard;

import dev.o2c.ledger.query.DashboardQueries.AppliedPayment;
import dev.o2c.ledger.query.DashboardQueries.BilledRow;
import dev.o2c.ledger.query.DashboardQueries.IssuedInvoice;
import dev.o2c.ledger.query.DashboardQueries.OpenException;
import dev.o2c.ledger.query.DashboardQueries.ProvisioningFailure;
import dev.o2c.starter.dashboard.InboundFacts.Approval;
import dev.o2c.starter.dashboard.InboundFacts.CreditEvent;
import dev.o2c.starter.dashboard.InboundFacts.PaymentEvent;
import java.time.Instant;
import java.util.List;

/**
 * Everything one dashboard is computed from, read at {@code now} from both stores (the ledger, the inbound event
 * ledger), so {@link DashboardCalculator} is a pure function a test can check figure by figure.
 */
public record DashboardFacts(
        Instant now,
        List<ProvisioningFailure> provisioningFailures,
        List<OpenException> openExceptions,
        List<IssuedInvoice> invoices,
        List<Approval> approvals,
        List<BilledRow> rows,
        List<PaymentEvent> payments,
        List<AppliedPayment> appliedPayments,
        List<CreditEvent> credits,
        List<Instant> rejections) {}
