package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an {@link EngagementDraft} read from CRM into a valid {@link Engagement}, or reports <em>every</em>
 * problem at once as {@link Violation}s, so the opportunity-to-project workflow can park the process with the
 * complete list for sales-ops instead of failing on the first one.
 *
 * <p>Never throws on bad data (a {@code null} draft included). Deterministic and side-effect free, so it may run in
 * workflow code. Lenient where the meaning is unambiguous: text is trimmed; currency and country codes are
 * upper-cased; payment terms accept {@code "30"} and {@code "Net 30"}; billing models accept any case, spaces or
 * hyphens, and {@code "T&M"}; rate-card versions may come in any order; a missing contract currency defaults to
 * the customer's; a missing customer external id defaults to the account id.
 *
 * <p>Problems reported (field: problem): {@code missing}, {@code not an ISO 4217 code},
 * {@code not an ISO 3166-1 alpha-2 country code}, {@code not a date (expected yyyy-MM-dd)},
 * {@code not a decimal number}, {@code must not be negative}, {@code must be positive},
 * {@code must be between 0 and 365 days}, {@code unknown billing model ...}, {@code missing (required for ...)},
 * plus cross-field rules (dates ordered, currencies equal, rate card in force on the start date, ...).
 */
public final class EngagementValidation {

    public static final String MISSING = "missing";
    public static final String NOT_A_CURRENCY = "not an ISO 4217 code";
    public static final String NOT_A_COUNTRY = "not an ISO 3166-1 alpha-2 country code";
    public static final String NOT_A_DATE = "not a date (expected yyyy-MM-dd)";
    public static final String NOT_A_NUMBER = "not a decimal number";

    private static final Pattern PAYMENT_TERMS = Pattern.compile("(?i)(?:net\\s*)?(\\d{1,9})(?:\\s*days?)?");

    private final List<Violation> violations = new ArrayList<>();

    private EngagementValidation() {
    }

    /** Validates {@code draft}; the result holds the engagement or the complete, non-empty list of violations. */
    public static EngagementValidationResult validate(EngagementDraft draft) {
        EngagementValidation validation = new EngagementValidation();
        Engagement engagement;
        try {
            engagement = validation.engagement(draft);
        } catch (RuntimeException unexpected) { // safety net: bad data must be reported, never thrown
            validation.add("engagement", "could not be validated: " + unexpected);
            engagement = null;
        }
        if (engagement != null && validation.violations.isEmpty()) {
            return EngagementValidationResult.valid(engagement);
        }
        if (validation.violations.isEmpty()) {
            validation.add("engagement", "invalid");
        }
        return EngagementValidationResult.invalid(validation.violations);
    }

    private Engagement engagement(EngagementDraft draft) {
        if (draft == null) {
            add("engagement", MISSING);
            return null;
        }
        String opportunityId = text(draft.opportunityId(), "opportunityId");
        String accountId = text(draft.accountId(), "accountId");
        String name = text(draft.name(), "name");
        String ownerEmail = trimmed(draft.ownerEmail());
        if (ownerEmail != null && !Engagement.isEmail(ownerEmail)) {
            add("ownerEmail", "not an e-mail address");
        }
        Customer customer = customer(draft.customer(), accountId);
        Contract contract = contract(draft.contract(), customer == null ? validCurrencyOrNull(draft.customer())
                : customer.currency());
        WorkBreakdown workBreakdown = workBreakdown(draft.workBreakdown());
        if (!violations.isEmpty()) {
            return null;
        }
        return build("engagement", () -> new Engagement(opportunityId, accountId, name, customer, contract,
                workBreakdown, ownerEmail));
    }

    // ---- customer -------------------------------------------------------------------------------------------

    private Customer customer(CustomerDraft draft, String accountId) {
        int before = violations.size();
        CustomerDraft d = draft != null ? draft : new CustomerDraft(null, null, null, null, null, null, null);
        String externalId = trimmed(d.externalId());
        if (externalId == null) {
            externalId = accountId;
        } else if (accountId != null && !externalId.equals(accountId)) {
            add("customer.externalId", "must equal accountId '" + accountId + "', was '" + externalId + "'");
        }
        String name = text(d.name(), "customer.name");
        LegalEntity legalEntity = legalEntity(d.legalEntity());
        String taxId = text(d.taxId(), "customer.taxId");
        Address address = address(d.billingAddress());
        String currency = currency(d.currency(), "customer.currency");
        PaymentTerms terms = paymentTerms(d.paymentTerms());
        if (violations.size() > before || externalId == null) {
            return null;
        }
        String id = externalId;
        return build("customer", () -> new Customer(id, name, legalEntity, taxId, address, currency, terms));
    }

    private String validCurrencyOrNull(CustomerDraft draft) {
        if (draft == null) {
            return null;
        }
        String code = upper(draft.currency());
        return Checks.isCurrency(code) ? code : null;
    }

    private LegalEntity legalEntity(LegalEntityDraft draft) {
        if (draft == null) {
            add("customer.legalEntity", MISSING);
            return null;
        }
        int before = violations.size();
        String code = text(draft.code(), "customer.legalEntity.code");
        String currency = currency(draft.functionalCurrency(), "customer.legalEntity.functionalCurrency");
        if (violations.size() > before) {
            return null;
        }
        return build("customer.legalEntity", () -> new LegalEntity(code, trimmed(draft.name()), currency));
    }

    private Address address(AddressDraft draft) {
        if (draft == null) {
            add("customer.billingAddress", MISSING);
            return null;
        }
        int before = violations.size();
        String line1 = text(draft.line1(), "customer.billingAddress.line1");
        String city = text(draft.city(), "customer.billingAddress.city");
        String postalCode = text(draft.postalCode(), "customer.billingAddress.postalCode");
        String country = upper(draft.country());
        if (country == null) {
            add("customer.billingAddress.country", MISSING);
        } else if (!Checks.isCountry(country)) {
            add("customer.billingAddress.country", NOT_A_COUNTRY);
        }
        if (violations.size() > before) {
            return null;
        }
        return build("customer.billingAddress", () -> new Address(line1, trimmed(draft.line2()), city, postalCode,
                trimmed(draft.region()), country));
    }

    private PaymentTerms paymentTerms(String raw) {
        String value = trimmed(raw);
        if (value == null) {
            add("customer.paymentTerms", MISSING);
            return null;
        }
        Matcher matcher = PAYMENT_TERMS.matcher(value);
        if (!matcher.matches()) {
            add("customer.paymentTerms", "not a number of days (e.g. \"30\" or \"Net 30\")");
            return null;
        }
        int days = Integer.parseInt(matcher.group(1));
        if (days > PaymentTerms.MAX_NET_DAYS) {
            add("customer.paymentTerms", "must be between 0 and " + PaymentTerms.MAX_NET_DAYS + " days");
            return null;
        }
        return new PaymentTerms(days);
    }

    // ---- contract -------------------------------------------------------------------------------------------

    private Contract contract(ContractDraft draft, String customerCurrency) {
        int before = violations.size();
        ContractDraft d = draft != null ? draft
                : new ContractDraft(null, null, null, null, null, null, null, null, null);
        BillingModel model = billingModel(d.billingModel());
        String currency = customerCurrency;
        if (trimmed(d.currency()) != null) {
            currency = currency(d.currency(), "contract.currency");
            if (currency != null && customerCurrency != null && !currency.equals(customerCurrency)) {
                add("contract.currency", "must equal customer.currency " + customerCurrency + ", was " + currency);
            }
        }
        LocalDate start = date(d.startDate(), "contract.startDate", true);
        LocalDate end = date(d.endDate(), "contract.endDate", true);
        if (start != null && end != null && end.isBefore(start)) {
            add("contract.endDate", "must not be before contract.startDate " + start);
        }
        Money value = money(d.value(), currency, "contract.value", model == BillingModel.FIXED_FEE, true);
        Money notToExceed = money(d.notToExceed(), currency, "contract.notToExceed", false, true);
        Money retainer = money(d.retainerMonthlyAmount(), currency, "contract.retainerMonthlyAmount",
                model == BillingModel.RETAINER, true);
        RateCard rateCard = rateCard(d.rateCard(), currency, model == BillingModel.TIME_AND_MATERIALS);
        if (rateCard != null && model == BillingModel.TIME_AND_MATERIALS && start != null
                && rateCard.versionInForceOn(start).isEmpty()) {
            add("contract.rateCard", "no version in force on contract.startDate " + start);
        }
        List<Milestone> milestones = milestones(d.milestones(), currency, model == BillingModel.MILESTONE);
        if (violations.size() > before || model == null || currency == null) {
            return null;
        }
        return build("contract", () -> new Contract(model, value, start, end, notToExceed, rateCard, milestones,
                retainer));
    }

    private BillingModel billingModel(String raw) {
        String value = trimmed(raw);
        if (value == null) {
            add("contract.billingModel", MISSING);
            return null;
        }
        String normalised = value.toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        if (normalised.equals("T&M") || normalised.equals("T_&_M") || normalised.equals("TIME_&_MATERIALS")) {
            return BillingModel.TIME_AND_MATERIALS;
        }
        for (BillingModel model : BillingModel.values()) {
            if (model.name().equals(normalised)) {
                return model;
            }
        }
        add("contract.billingModel", "unknown billing model '" + value
                + "' (expected TIME_AND_MATERIALS, FIXED_FEE, MILESTONE or RETAINER)");
        return null;
    }

    private RateCard rateCard(List<RateCardVersionDraft> drafts, String currency, boolean required) {
        if (drafts == null || drafts.isEmpty()) {
            if (required) {
                add("contract.rateCard", MISSING + " (required for TIME_AND_MATERIALS)");
            }
            return null;
        }
        int before = violations.size();
        List<RateCardVersion> versions = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String path = "contract.rateCard[" + i + "]";
            RateCardVersionDraft draft = drafts.get(i);
            if (draft == null) {
                add(path, MISSING);
                continue;
            }
            int versionBefore = violations.size();
            LocalDate from = date(draft.effectiveFrom(), path + ".effectiveFrom", true);
            List<Rate> rates = new ArrayList<>();
            if (draft.rates() == null || draft.rates().isEmpty()) {
                add(path + ".rates", MISSING);
            } else {
                for (int j = 0; j < draft.rates().size(); j++) {
                    String ratePath = path + ".rates[" + j + "]";
                    RateDraft rate = draft.rates().get(j);
                    if (rate == null) {
                        add(ratePath, MISSING);
                        continue;
                    }
                    String role = text(rate.role(), ratePath + ".role");
                    Money hourly = money(rate.hourlyRate(), currency, ratePath + ".hourlyRate", true, false);
                    if (role != null && hourly != null) {
                        rates.add(new Rate(role, hourly));
                    }
                }
            }
            if (violations.size() == versionBefore && currency != null) {
                RateCardVersion version = build(path, () -> new RateCardVersion(from, rates));
                if (version != null) {
                    versions.add(version);
                }
            }
        }
        if (violations.size() > before || currency == null) {
            return null;
        }
        versions.sort(Comparator.comparing(RateCardVersion::effectiveFrom));
        return build("contract.rateCard", () -> new RateCard(versions));
    }

    private List<Milestone> milestones(List<MilestoneDraft> drafts, String currency, boolean required) {
        if (drafts == null || drafts.isEmpty()) {
            if (required) {
                add("contract.milestones", MISSING + " (required for MILESTONE)");
            }
            return List.of();
        }
        List<Milestone> milestones = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String path = "contract.milestones[" + i + "]";
            MilestoneDraft draft = drafts.get(i);
            if (draft == null) {
                add(path, MISSING);
                continue;
            }
            int before = violations.size();
            String name = text(draft.name(), path + ".name");
            Money amount = money(draft.amount(), currency, path + ".amount", true, false);
            LocalDate due = date(draft.dueDate(), path + ".dueDate", true);
            if (violations.size() == before && amount != null) {
                Milestone milestone = build(path, () -> new Milestone(trimmed(draft.id()), name, amount, due));
                if (milestone != null) {
                    milestones.add(milestone);
                }
            }
        }
        return milestones;
    }

    // ---- work breakdown -------------------------------------------------------------------------------------

    private WorkBreakdown workBreakdown(List<PhaseDraft> drafts) {
        if (drafts == null) {
            return WorkBreakdown.empty();
        }
        int before = violations.size();
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String path = "workBreakdown[" + i + "]";
            PhaseDraft draft = drafts.get(i);
            if (draft == null) {
                add(path, MISSING);
                continue;
            }
            int phaseBefore = violations.size();
            String name = text(draft.name(), path + ".name");
            List<WbsTask> tasks = new ArrayList<>();
            List<WbsTaskDraft> taskDrafts = draft.tasks() == null ? List.of() : draft.tasks();
            for (int j = 0; j < taskDrafts.size(); j++) {
                String taskPath = path + ".tasks[" + j + "]";
                WbsTaskDraft task = taskDrafts.get(j);
                if (task == null) {
                    add(taskPath, MISSING);
                    continue;
                }
                String taskName = text(task.name(), taskPath + ".name");
                BigDecimal estimate = decimal(task.estimateHours(), taskPath + ".estimateHours");
                if (estimate != null && estimate.signum() < 0) {
                    add(taskPath + ".estimateHours", "must not be negative");
                } else if (taskName != null) {
                    tasks.add(new WbsTask(taskName, estimate));
                }
            }
            if (violations.size() == phaseBefore) {
                Phase phase = build(path, () -> new Phase(name, tasks));
                if (phase != null) {
                    phases.add(phase);
                }
            }
        }
        if (violations.size() > before) {
            return null;
        }
        return build("workBreakdown", () -> new WorkBreakdown(phases));
    }

    // ---- primitives -----------------------------------------------------------------------------------------

    private void add(String field, String problem) {
        violations.add(new Violation(field, problem));
    }

    private static String trimmed(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static String upper(String raw) {
        String value = trimmed(raw);
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** Required text, trimmed; reports "missing". */
    private String text(String raw, String field) {
        String value = trimmed(raw);
        if (value == null) {
            add(field, MISSING);
        }
        return value;
    }

    private String currency(String raw, String field) {
        String code = upper(raw);
        if (code == null) {
            add(field, MISSING);
            return null;
        }
        if (!Checks.isCurrency(code)) {
            add(field, NOT_A_CURRENCY);
            return null;
        }
        return code;
    }

    private LocalDate date(String raw, String field, boolean required) {
        String value = trimmed(raw);
        if (value == null) {
            if (required) {
                add(field, MISSING);
            }
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            add(field, NOT_A_DATE);
            return null;
        }
    }

    /** Optional decimal; reports "not a decimal number". */
    private BigDecimal decimal(String raw, String field) {
        String value = trimmed(raw);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            add(field, NOT_A_NUMBER);
            return null;
        }
    }

    /**
     * Money in {@code currency}; {@code null} when absent, invalid or when the currency is unknown (already
     * reported elsewhere). Positive amounts are required when {@code positive}, non-negative otherwise.
     */
    private Money money(String raw, String currency, String field, boolean required, boolean positive) {
        if (trimmed(raw) == null) {
            if (required) {
                add(field, MISSING + requiredNote(field));
            }
            return null;
        }
        BigDecimal amount = decimal(raw, field);
        if (amount == null) {
            return null;
        }
        if (positive && amount.signum() <= 0) {
            add(field, "must be positive");
            return null;
        }
        if (amount.signum() < 0) {
            add(field, "must not be negative");
            return null;
        }
        if (currency == null) {
            return null;
        }
        return build(field, () -> new Money(amount, currency));
    }

    private static String requiredNote(String field) {
        return switch (field) {
            case "contract.value" -> " (required for FIXED_FEE)";
            case "contract.retainerMonthlyAmount" -> " (required for RETAINER)";
            default -> "";
        };
    }

    /** Runs a constructor; its validation failure becomes a violation of {@code field}. */
    private <T> T build(String field, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            add(field, e.getMessage() == null ? e.toString() : e.getMessage());
            return null;
        }
    }
}
