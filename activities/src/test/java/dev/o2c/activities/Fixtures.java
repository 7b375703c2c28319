package dev.o2c.activities;

import dev.o2c.workflows.model.Address;
import dev.o2c.workflows.model.BillingModel;
import dev.o2c.workflows.model.Contract;
import dev.o2c.workflows.model.Customer;
import dev.o2c.workflows.model.Engagement;
import dev.o2c.workflows.model.LegalEntity;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.PaymentTerms;
import dev.o2c.workflows.model.Phase;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import dev.o2c.workflows.model.WbsTask;
import dev.o2c.workflows.model.WorkBreakdown;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Canonical objects as the workflows would pass them, and a helper to catch an activity's failure. */
public final class Fixtures {

    private Fixtures() {}

    public static Customer customer(String externalId) {
        return new Customer(externalId, "Acme GmbH " + externalId,
                new LegalEntity("O2C-DE", "O2C Services GmbH", "EUR"), "DE123456789",
                new Address("Hauptstraße 1", null, "Berlin", "10115", null, "DE"), "EUR", PaymentTerms.net(30));
    }

    public static Customer customerWithLegalEntity(String externalId, String legalEntity) {
        Customer c = customer(externalId);
        return new Customer(c.externalId(), c.name(), new LegalEntity(legalEntity, null, "EUR"), c.taxId(),
                c.billingAddress(), c.currency(), c.paymentTerms());
    }

    /** A time-and-materials engagement with a rate card and a two-phase work breakdown. */
    public static Engagement engagement(String opportunityId, String accountId) {
        RateCard rates = RateCard.of(RateCardVersion.of(LocalDate.of(2025, 1, 1),
                Rate.of("Consultant", "120.00", "EUR"), Rate.of("Architect", "180.00", "EUR")));
        Contract contract = new Contract(BillingModel.TIME_AND_MATERIALS, null, LocalDate.of(2025, 2, 1),
                LocalDate.of(2025, 12, 31), Money.of("50000.00", "EUR"), rates, List.of(), null);
        WorkBreakdown wbs = WorkBreakdown.of(
                Phase.of("Discovery", WbsTask.of("Interviews", "16"), WbsTask.of("Report", "8.5")),
                Phase.of("Delivery", WbsTask.of("Build", "120")));
        return new Engagement(opportunityId, accountId, "Data platform " + opportunityId, customer(accountId), contract,
                wbs, "owner@acme.example");
    }

    /** Runs an activity call that must fail and answers its {@link ApplicationFailure}. */
    public static ApplicationFailure failureOf(Executable call) {
        try {
            call.execute();
        } catch (ActivityFailure failure) {
            if (failure.getCause() instanceof ApplicationFailure application) {
                return application;
            }
            throw new AssertionError("activity failed without an ApplicationFailure", failure);
        } catch (Throwable other) {
            throw new AssertionError("expected an ActivityFailure", other);
        }
        throw new AssertionError("expected the activity to fail");
    }
}
