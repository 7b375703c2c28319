package dev.o2c.starter.billing;

import dev.o2c.starter.security.Caller;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.model.CurrencyMismatchException;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Turns an {@link AmendmentBody} into the model's {@link AmendmentRequest}, in the contract's currency. The model's
 * constructors are the validation: each {@link IllegalArgumentException} (a {@link CurrencyMismatchException} too)
 * becomes an entry of a {@code 422 invalid-terms} problem naming the field, so a client learns every bad field at once.
 */
final class AmendmentTerms {

    private final String currency;
    private final List<ApiProblem.FieldError> errors = new ArrayList<>();

    private AmendmentTerms(String currency) {
        this.currency = currency;
    }

    /**
     * @param currency the contract's currency (from the project's {@code billing} query)
     * @throws ApiProblem 422 {@code invalid-terms} listing each invalid field
     */
    static AmendmentRequest toRequest(AmendmentBody body, String currency) {
        AmendmentTerms terms = new AmendmentTerms(currency);
        RateCard rateCard = body.rateCard() == null ? null : terms.rateCard(body.rateCard());
        Money cap = terms.money(body.capAmount(), "capAmount");
        Money retainer = terms.money(body.retainerMonthlyAmount(), "retainerMonthlyAmount");
        List<Milestone> milestones = body.milestones() == null ? null : terms.milestones(body.milestones());
        if (!terms.errors.isEmpty()) {
            String detail = String.join("; ", terms.errors.stream().map(e -> e.field() + ": " + e.message()).toList());
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_TERMS, "Invalid contract terms",
                    detail)
                    .with("errors", List.copyOf(terms.errors))
                    .with("currency", currency);
        }
        return new AmendmentRequest(body.number(), body.effectiveFrom(), rateCard, cap, body.endDate(), milestones,
                retainer, body.reason(), Caller.current().actor(), AmendmentRequest.SOURCE_API, null);
    }

    private RateCard rateCard(AmendmentBody.RateCardBody card) {
        if (card.versions() == null) {
            errors.add(new ApiProblem.FieldError("rateCard.versions", "is required"));
            return null;
        }
        List<RateCardVersion> versions = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < card.versions().size(); i++) {
            String field = "rateCard.versions[" + i + "]";
            AmendmentBody.VersionBody version = card.versions().get(i);
            if (version == null) {
                errors.add(new ApiProblem.FieldError(field, "must not be null"));
                complete = false;
                continue;
            }
            List<Rate> rates = new ArrayList<>();
            List<AmendmentBody.RateBody> rateBodies = version.rates() == null ? List.of() : version.rates();
            boolean ratesComplete = true;
            for (int j = 0; j < rateBodies.size(); j++) {
                String rateField = field + ".rates[" + j + "]";
                AmendmentBody.RateBody rate = rateBodies.get(j);
                if (rate == null) {
                    errors.add(new ApiProblem.FieldError(rateField, "must not be null"));
                    ratesComplete = false;
                    continue;
                }
                Money hourly = money(rate.hourlyRate(), rateField + ".hourlyRate");
                if (hourly == null) {
                    if (rate.hourlyRate() == null || rate.hourlyRate().isNull()) {
                        errors.add(new ApiProblem.FieldError(rateField + ".hourlyRate", "is required"));
                    }
                    ratesComplete = false;
                    continue;
                }
                Rate built = build(rateField, () -> new Rate(rate.role(), hourly));
                ratesComplete &= built != null;
                rates.add(built);
            }
            RateCardVersion built = ratesComplete
                    ? build(field, () -> new RateCardVersion(version.effectiveFrom(), rates))
                    : null;
            complete &= built != null;
            versions.add(built);
        }
        return complete ? build("rateCard", () -> new RateCard(versions)) : null;
    }

    private List<Milestone> milestones(List<AmendmentBody.MilestoneBody> bodies) {
        List<Milestone> milestones = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String field = "milestones[" + i + "]";
            AmendmentBody.MilestoneBody body = bodies.get(i);
            if (body == null) {
                errors.add(new ApiProblem.FieldError(field, "must not be null"));
                continue;
            }
            Money amount = money(body.amount(), field + ".amount");
            if (amount == null) {
                if (body.amount() == null || body.amount().isNull()) {
                    errors.add(new ApiProblem.FieldError(field + ".amount", "is required"));
                }
                continue;
            }
            Milestone built = build(field, () -> new Milestone(body.id(), body.name(), amount, body.dueDate()));
            if (built != null) {
                milestones.add(built);
            }
        }
        return milestones;
    }

    /**
     * An amount: a decimal string or JSON number in the contract's currency, or {@code {"amount", "currency"}} whose
     * currency must be the contract's. Null when absent or invalid (then an error is recorded).
     */
    private Money money(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return build(field, () -> {
            if (node.isString()) {
                return Money.of(node.asString(), currency);
            }
            if (node.isNumber()) {
                return Money.of(node.decimalValue(), currency);
            }
            if (node.isObject()) {
                JsonNode amount = node.get("amount");
                JsonNode given = node.get("currency");
                String amountText = amount == null || amount.isNull() ? null : amount.asString();
                String givenCurrency = given == null || given.isNull() ? currency : given.asString();
                Money money = Money.of(amountText, givenCurrency);
                if (!money.currency().equals(currency)) {
                    throw new CurrencyMismatchException("must be in the contract's currency " + currency + ", was "
                            + money.currency(), currency, money.currency());
                }
                return money;
            }
            throw new IllegalArgumentException("must be a decimal string, e.g. \"150.00\"");
        });
    }

    private <T> T build(String field, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) { // CurrencyMismatchException is one
            errors.add(new ApiProblem.FieldError(field, e.getMessage()));
            return null;
        }
    }
}
