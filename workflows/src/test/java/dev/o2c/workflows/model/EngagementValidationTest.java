package dev.o2c.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngagementValidationTest {

    private static final CustomerDraft CUSTOMER = Samples.draft().customer();
    private static final ContractDraft CONTRACT = Samples.draft().contract();

    @Test
    void aCompleteDraftBecomesTheEngagement() {
        EngagementValidationResult result = EngagementValidation.validate(Samples.draft());
        assertThat(result.violations()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(result.engagement()).isEqualTo(Samples.engagement());
        assertThat(result.summary()).isEmpty();
    }

    @Test
    void reportsEveryMissingFinanceAttributeAtOnce() {
        EngagementDraft draft = new EngagementDraft("OPP-1", "ACC-1", "Rollout", null,
                new CustomerDraft(null, "ACME", null, " ", null, null, null),
                new ContractDraft(null, null, null, "2025-01-01", "2025-12-31", null, null, null, null),
                null);

        EngagementValidationResult result = EngagementValidation.validate(draft);

        assertThat(result.isValid()).isFalse();
        assertThat(result.engagement()).isNull();
        assertThat(result.violations()).extracting(Violation::field, Violation::problem).containsExactly(
                tuple("customer.legalEntity", "missing"),
                tuple("customer.taxId", "missing"),
                tuple("customer.billingAddress", "missing"),
                tuple("customer.currency", "missing"),
                tuple("customer.paymentTerms", "missing"),
                tuple("contract.billingModel", "missing"));
        assertThat(result.summary()).startsWith("customer.legalEntity: missing; customer.taxId: missing");
    }

    @Test
    void reportsMissingRateCardForTimeAndMaterials() {
        ContractDraft contract = new ContractDraft("T&M", null, null, "2025-01-01", "2025-12-31", null, null, List.of(),
                null);
        assertThat(violations(withContract(contract)))
                .containsExactly(new Violation("contract.rateCard", "missing (required for TIME_AND_MATERIALS)"));
    }

    @Test
    void reportsInvalidValuesWithTheirField() {
        CustomerDraft customer = new CustomerDraft("ACC-1", "ACME", new LegalEntityDraft("DE01", null, "EURO"),
                "DE1", new AddressDraft("Main St", null, "Berlin", "10117", null, "Germany"), "XYZ", "Net 400");
        ContractDraft contract = new ContractDraft("hourly", null, "-5", "2025-13-01", "31.12.2025", "abc", null,
                List.of(new RateCardVersionDraft("2025-01-01", List.of(new RateDraft("Consultant", "1O0")))),
                null);
        EngagementDraft draft = new EngagementDraft("OPP-1", "ACC-1", "Rollout", "owner", customer, contract, null);

        assertThat(violations(draft)).containsExactly(
                new Violation("ownerEmail", "not an e-mail address"),
                new Violation("customer.legalEntity.functionalCurrency", "not an ISO 4217 code"),
                new Violation("customer.billingAddress.country", "not an ISO 3166-1 alpha-2 country code"),
                new Violation("customer.currency", "not an ISO 4217 code"),
                new Violation("customer.paymentTerms", "must be between 0 and 365 days"),
                new Violation("contract.billingModel",
                        "unknown billing model 'hourly' (expected TIME_AND_MATERIALS, FIXED_FEE, MILESTONE or RETAINER)"),
                new Violation("contract.startDate", "not a date (expected yyyy-MM-dd)"),
                new Violation("contract.endDate", "not a date (expected yyyy-MM-dd)"),
                new Violation("contract.value", "must be positive"),
                new Violation("contract.notToExceed", "not a decimal number"),
                new Violation("contract.rateCard[0].rates[0].hourlyRate", "not a decimal number"));
    }

    static Stream<Arguments> singleProblems() {
        return Stream.of(
                Arguments.of(withContract(new ContractDraft("FIXED_FEE", null, null, "2025-01-01", "2025-12-31", null,
                        null, null, null)), "contract.value", "missing (required for FIXED_FEE)"),
                Arguments.of(withContract(new ContractDraft("milestone", null, null, "2025-01-01", "2025-12-31", null,
                        null, null, List.of())), "contract.milestones", "missing (required for MILESTONE)"),
                Arguments.of(withContract(new ContractDraft("Retainer", null, null, "2025-01-01", "2025-12-31", null,
                        null, null, null)), "contract.retainerMonthlyAmount", "missing (required for RETAINER)"),
                Arguments.of(withContract(new ContractDraft("FIXED_FEE", "USD", "100", "2025-01-01", "2025-12-31", null,
                        null, null, null)), "contract.currency", "must equal customer.currency EUR, was USD"),
                Arguments.of(withContract(new ContractDraft("FIXED_FEE", null, "100", "2025-12-31", "2025-01-01", null,
                        null, null, null)), "contract.endDate", "must not be before contract.startDate 2025-12-31"),
                Arguments.of(withContract(new ContractDraft("TIME_AND_MATERIALS", null, null, "2025-01-01",
                        "2025-12-31", null, null, List.of(new RateCardVersionDraft("2025-02-01",
                                List.of(new RateDraft("A", "1")))), null)),
                        "contract.rateCard", "no version in force on contract.startDate 2025-01-01"),
                Arguments.of(withContract(new ContractDraft("TIME_AND_MATERIALS", null, null, "2025-01-01",
                        "2025-12-31", null, null, List.of(new RateCardVersionDraft("2025-01-01", null)), null)),
                        "contract.rateCard[0].rates", "missing"),
                Arguments.of(withContract(new ContractDraft("MILESTONE", null, null, "2025-01-01", "2025-12-31", null,
                        null, null, List.of(new MilestoneDraft(null, "Go-live", null, "2025-06-30")))),
                        "contract.milestones[0].amount", "missing"),
                Arguments.of(withCustomer(new CustomerDraft("ACC-9", "ACME", CUSTOMER.legalEntity(), "DE1",
                        CUSTOMER.billingAddress(), "EUR", "30")), "customer.externalId",
                        "must equal accountId 'ACC-1', was 'ACC-9'"),
                Arguments.of(withCustomer(new CustomerDraft(null, "ACME", CUSTOMER.legalEntity(), "DE1",
                        new AddressDraft(null, null, "", "10117", null, "DE"), "EUR", "30")),
                        "customer.billingAddress.line1", "missing"),
                Arguments.of(withCustomer(new CustomerDraft(null, "ACME", new LegalEntityDraft(" ", null, "EUR"), "DE1",
                        CUSTOMER.billingAddress(), "EUR", "thirty")), "customer.legalEntity.code", "missing"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("singleProblems")
    void reportsEachProblem(EngagementDraft draft, String field, String problem) {
        assertThat(violations(draft)).contains(new Violation(field, problem));
    }

    @Test
    void cityAndPaymentTermsAreReportedTogetherWithLine1() {
        EngagementDraft draft = withCustomer(new CustomerDraft(null, "ACME", CUSTOMER.legalEntity(), "DE1",
                new AddressDraft(null, null, "", "10117", null, "DE"), "EUR", "thirty"));
        assertThat(violations(draft)).extracting(Violation::field)
                .containsExactly("customer.billingAddress.line1", "customer.billingAddress.city", "customer.paymentTerms");
    }

    @Test
    void isLenientWhereTheMeaningIsClear() {
        CustomerDraft customer = new CustomerDraft(null, " ACME GmbH ", new LegalEntityDraft("DE01",
                "o2c Consulting GmbH", "eur"), "DE123456789",
                new AddressDraft("Friedrichstrasse 1", "3rd floor", "Berlin", "10117", "", "de"), " eur ", "NET 30");
        List<RateCardVersionDraft> rates = CONTRACT.rateCard();
        ContractDraft contract = new ContractDraft("time-and-materials", "EUR", null, "2025-01-01", "2025-12-31",
                "250000.00", null, rates, null);
        EngagementDraft draft = new EngagementDraft("OPP-1", "ACC-1", "ACME ERP rollout", "owner@example.com",
                customer, contract, Samples.draft().workBreakdown());

        EngagementValidationResult result = EngagementValidation.validate(draft);

        assertThat(result.violations()).isEmpty();
        assertThat(result.engagement()).isEqualTo(Samples.engagement());
    }

    @Test
    void nullDraftsAreReportedNotThrown() {
        assertThat(violations(null)).containsExactly(new Violation("engagement", "missing"));
        EngagementDraft empty = new EngagementDraft(null, null, null, null, null, null, null);
        assertThat(violations(empty)).extracting(Violation::field).containsExactly(
                "opportunityId", "accountId", "name",
                "customer.name", "customer.legalEntity", "customer.taxId", "customer.billingAddress",
                "customer.currency", "customer.paymentTerms",
                "contract.billingModel", "contract.startDate", "contract.endDate");
        List<RateCardVersionDraft> nullVersion = new ArrayList<>();
        nullVersion.add(null);
        List<PhaseDraft> nullPhase = new ArrayList<>();
        nullPhase.add(null);
        EngagementDraft withNulls = new EngagementDraft("OPP-1", "ACC-1", "n", null, CUSTOMER,
                new ContractDraft("T&M", null, null, "2025-01-01", "2025-12-31", null, null, nullVersion, null),
                nullPhase);
        assertThat(violations(withNulls)).containsExactly(new Violation("contract.rateCard[0]", "missing"),
                new Violation("workBreakdown[0]", "missing"));
    }

    @Test
    void constructorRulesTheValidatorDoesNotRepeatAreStillReported() {
        EngagementDraft duplicateRoles = withContract(new ContractDraft("T&M", null, null, "2025-01-01", "2025-12-31",
                null, null, List.of(new RateCardVersionDraft("2025-01-01",
                        List.of(new RateDraft("A", "1"), new RateDraft("A", "2")))), null));
        assertThat(violations(duplicateRoles)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("contract.rateCard[0]");
            assertThat(v.problem()).contains("'A' more than once");
        });
        EngagementDraft duplicateDates = withContract(new ContractDraft("T&M", null, null, "2025-01-01", "2025-12-31",
                null, null, List.of(new RateCardVersionDraft("2025-01-01", List.of(new RateDraft("A", "1"))),
                        new RateCardVersionDraft("2025-01-01", List.of(new RateDraft("A", "2")))), null));
        assertThat(violations(duplicateDates)).singleElement().extracting(Violation::field)
                .isEqualTo("contract.rateCard");
        EngagementDraft duplicatePhases = new EngagementDraft("OPP-1", "ACC-1", "n", null, CUSTOMER, CONTRACT,
                List.of(new PhaseDraft("P", null), new PhaseDraft("P", null)));
        assertThat(violations(duplicatePhases)).singleElement().extracting(Violation::field)
                .isEqualTo("workBreakdown");
    }

    @Test
    void resultHoldsEitherAnEngagementOrViolations() {
        assertThatThrownBy(() -> new EngagementValidationResult(null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EngagementValidationResult(Samples.engagement(),
                List.of(new Violation("a", "b")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Violation(" ", "missing")).hasMessageContaining("Violation.field");
        assertThatThrownBy(() -> new Violation("a", null)).hasMessageContaining("Violation.problem");
        assertThat(new Violation("customer.taxId", "missing")).hasToString("customer.taxId: missing");
    }

    private static List<Violation> violations(EngagementDraft draft) {
        EngagementValidationResult result = EngagementValidation.validate(draft);
        assertThat(result.isValid()).isFalse();
        return result.violations();
    }

    private static EngagementDraft withContract(ContractDraft contract) {
        EngagementDraft d = Samples.draft();
        return new EngagementDraft(d.opportunityId(), d.accountId(), d.name(), d.ownerEmail(), d.customer(), contract,
                d.workBreakdown());
    }

    private static EngagementDraft withCustomer(CustomerDraft customer) {
        EngagementDraft d = Samples.draft();
        return new EngagementDraft(d.opportunityId(), d.accountId(), d.name(), d.ownerEmail(), customer,
                d.contract(), d.workBreakdown());
    }
}
