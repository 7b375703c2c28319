package dev.o2c.workflows.model;

import static dev.o2c.workflows.model.Samples.DEC_31;
import static dev.o2c.workflows.model.Samples.JAN_1;
import static dev.o2c.workflows.model.Samples.JUL_1;
import static dev.o2c.workflows.model.Samples.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contract, Engagement and ContractAmendment. */
class ContractTest {

    private static final Money USD = Money.of("1000", "USD");

    @Test
    void validContractsOfEveryBillingModel() {
        assertThat(Samples.timeAndMaterials().currency()).isEqualTo("EUR");
        assertThat(Samples.fixedFee().milestones()).isEmpty();
        assertThat(Samples.milestoneContract().milestones()).hasSize(2);
        assertThat(Samples.retainer().retainerMonthlyAmount()).isEqualTo(eur("8000"));
        assertThat(new Contract(BillingModel.FIXED_FEE, eur("1"), JAN_1, JAN_1, null, null, null, null).covers(JAN_1))
                .isTrue();
        assertThat(Samples.fixedFee().covers(DEC_31.plusDays(1))).isFalse();
    }

    @Test
    void commonRules() {
        assertThatThrownBy(() -> new Contract(null, eur("1"), JAN_1, DEC_31, null, null, null, null))
                .hasMessageContaining("Contract.billingModel");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("1"), null, DEC_31, null, null, null, null))
                .hasMessageContaining("Contract.startDate");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("1"), JAN_1, null, null, null, null, null))
                .hasMessageContaining("Contract.endDate");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("1"), DEC_31, JAN_1, null, null, null, null))
                .hasMessageContaining("must not be before");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("0"), JAN_1, DEC_31, null, null, null, null))
                .hasMessageContaining("Contract.value must be positive");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("1"), JAN_1, DEC_31, eur("-5"), null, null,
                null)).hasMessageContaining("Contract.notToExceed must be positive");
    }

    @Test
    void billingModelRules() {
        assertThatThrownBy(() -> new Contract(BillingModel.TIME_AND_MATERIALS, null, JAN_1, DEC_31, eur("1"), null,
                null, null)).hasMessageContaining("Contract.rateCard (for TIME_AND_MATERIALS) is required");
        RateCard fromJuly = RateCard.of(RateCardVersion.of(JUL_1, Rate.of("A", "1", "EUR")));
        assertThatThrownBy(() -> new Contract(BillingModel.TIME_AND_MATERIALS, null, JAN_1, DEC_31, null, fromJuly,
                null, null)).hasMessageContaining("no version in force on startDate");
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, null, JAN_1, DEC_31, null, null, null, null))
                .hasMessageContaining("Contract.value (for FIXED_FEE)");
        assertThatThrownBy(() -> new Contract(BillingModel.MILESTONE, eur("1"), JAN_1, DEC_31, null, null, List.of(),
                null)).hasMessageContaining("milestones must not be empty");
        assertThatThrownBy(() -> new Contract(BillingModel.RETAINER, null, JAN_1, DEC_31, null, null, null, null))
                .hasMessageContaining("Contract.retainerMonthlyAmount (for RETAINER)");
        assertThatThrownBy(() -> new Contract(BillingModel.RETAINER, null, JAN_1, DEC_31, null, null, null,
                eur("0"))).hasMessageContaining("must be positive");
        Milestone m = Samples.milestone();
        assertThatThrownBy(() -> new Contract(BillingModel.MILESTONE, null, JAN_1, DEC_31, null, null, List.of(m, m),
                null)).hasMessageContaining("'M1' more than once");
    }

    @Test
    void allMoneyMustBeInOneCurrency() {
        assertThatThrownBy(() -> new Contract(BillingModel.FIXED_FEE, eur("1"), JAN_1, DEC_31, USD, null, null, null))
                .isInstanceOf(CurrencyMismatchException.class).hasMessageContaining("Contract.notToExceed");
        assertThatThrownBy(() -> new Contract(BillingModel.TIME_AND_MATERIALS, null, JAN_1, DEC_31, USD,
                Samples.rateCard(), null, null)).isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("Contract.rateCard");
        assertThatThrownBy(() -> new Contract(BillingModel.MILESTONE, USD, JAN_1, DEC_31, null, null,
                List.of(Samples.milestone()), null)).isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("milestones[0]");
        assertThatThrownBy(() -> new Contract(BillingModel.RETAINER, eur("1"), JAN_1, DEC_31, null, null, null, USD))
                .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void engagement() {
        Engagement engagement = Samples.engagement();
        assertThat(engagement.customer().externalId()).isEqualTo(engagement.accountId());
        Customer customer = Samples.customer();
        Contract contract = Samples.fixedFee();
        assertThat(new Engagement("O", "ACC-1", "n", customer, contract, null, " ").workBreakdown())
                .isEqualTo(WorkBreakdown.empty());
        assertThatThrownBy(() -> new Engagement(" ", "ACC-1", "n", customer, contract, null, null))
                .hasMessageContaining("Engagement.opportunityId");
        assertThatThrownBy(() -> new Engagement("O", null, "n", customer, contract, null, null))
                .hasMessageContaining("Engagement.accountId");
        assertThatThrownBy(() -> new Engagement("O", "ACC-1", "", customer, contract, null, null))
                .hasMessageContaining("Engagement.name");
        assertThatThrownBy(() -> new Engagement("O", "ACC-1", "n", null, contract, null, null))
                .hasMessageContaining("Engagement.customer");
        assertThatThrownBy(() -> new Engagement("O", "ACC-1", "n", customer, null, null, null))
                .hasMessageContaining("Engagement.contract");
        assertThatThrownBy(() -> new Engagement("O", "ACC-2", "n", customer, contract, null, null))
                .hasMessageContaining("must equal Engagement.accountId");
        Contract usd = new Contract(BillingModel.FIXED_FEE, USD, JAN_1, DEC_31, null, null, null, null);
        assertThatThrownBy(() -> new Engagement("O", "ACC-1", "n", customer, usd, null, null))
                .isInstanceOf(CurrencyMismatchException.class).hasMessageContaining("customer's currency EUR");
        assertThatThrownBy(() -> new Engagement("O", "ACC-1", "n", customer, contract, null, "not-an-email"))
                .hasMessageContaining("ownerEmail");
    }

    @Test
    void amendmentNeedsAChange() {
        LocalDate oct = LocalDate.of(2025, 10, 1);
        assertThat(Samples.amendment().number()).isEqualTo(1);
        assertThat(new ContractAmendment("P", 2, oct, null, null, null, DEC_31, "extend").addedMilestones()).isEmpty();
        assertThatThrownBy(() -> new ContractAmendment("P", 1, oct, null, null, List.of(), null, "nothing"))
                .hasMessageContaining("changes nothing");
        assertThatThrownBy(() -> new ContractAmendment("P", 0, oct, null, null, null, DEC_31, "r"))
                .hasMessageContaining("number must be positive");
        assertThatThrownBy(() -> new ContractAmendment("", 1, oct, null, null, null, DEC_31, "r"))
                .hasMessageContaining("projectId");
        assertThatThrownBy(() -> new ContractAmendment("P", 1, null, null, null, null, DEC_31, "r"))
                .hasMessageContaining("effectiveFrom");
        assertThatThrownBy(() -> new ContractAmendment("P", 1, oct, null, null, null, DEC_31, " "))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> new ContractAmendment("P", 1, oct, null, eur("0"), null, null, "r"))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new ContractAmendment("P", 1, oct, null, null, null, oct.minusDays(1), "r"))
                .hasMessageContaining("newEndDate");
        assertThatThrownBy(() -> new ContractAmendment("P", 1, oct, null, USD, List.of(Samples.milestone()), null,
                "r")).isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void contractAmendedByAnAmendment() {
        Contract amended = Samples.timeAndMaterials().amendedBy(Samples.amendment());
        assertThat(amended.endDate()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(amended.notToExceed()).isEqualTo(eur("300000"));
        assertThat(amended.milestones()).extracting(Milestone::name).containsExactly("Hypercare");
        assertThat(amended.rateCard().rateFor("Consultant", LocalDate.of(2025, 9, 30))).contains(eur("110"));
        assertThat(amended.rateCard().rateFor("Consultant", LocalDate.of(2025, 10, 1))).contains(eur("120"));
        assertThat(amended.rateCard().rateFor("Manager", LocalDate.of(2025, 10, 1))).isEmpty();

        Contract fixed = Samples.fixedFee().amendedBy(Samples.amendment());
        assertThat(fixed.rateCard().versions()).hasSize(1);

        ContractAmendment inUsd = new ContractAmendment("P", 2, JUL_1, null, USD, null, null, "cap in USD");
        assertThatThrownBy(() -> Samples.fixedFee().amendedBy(inUsd)).isInstanceOf(CurrencyMismatchException.class);
    }
}
