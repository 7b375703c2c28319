package dev.o2c.activities.crm;

import static dev.o2c.activities.http.JsonFields.list;
import static dev.o2c.activities.http.JsonFields.object;
import static dev.o2c.activities.http.JsonFields.text;

import dev.o2c.activities.http.Terms;
import dev.o2c.workflows.billing.AmendmentRequest;
import dev.o2c.workflows.model.Milestone;
import dev.o2c.workflows.model.Money;
import dev.o2c.workflows.model.Rate;
import dev.o2c.workflows.model.RateCard;
import dev.o2c.workflows.model.RateCardVersion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A CRM contract amendment ↔ {@link AmendmentRequest}. Read: the amendment's terms in the opportunity's currency (the
 * CRM stores amounts without one), the rate card as the opportunity's ({@code versions[{effectiveFrom,
 * rates[{role, hourlyRate}]}]}, versions sorted by date), milestones {@code [{name, amount, dueDate}]} (the CRM gives
 * them no id). Unlike {@link OpportunityMapper} this builds the typed model at once: a malformed amendment throws
 * {@link IllegalArgumentException} (or a {@link java.time.DateTimeException}, a {@link NumberFormatException}), which
 * the connector turns into a non-retryable validation failure.
 */
final class AmendmentMapper {

    /** Who an amendment came from when the CRM names no author. */
    static final String CRM_ACTOR = "crm";

    private AmendmentMapper() {}

    /**
     * @param amendment the CRM amendment ({@code id, number, effectiveFrom, rateCard?, capAmount?, endDate?,
     *     milestones?, retainerMonthlyAmount?, reason?})
     * @param currency the opportunity's currency
     */
    static AmendmentRequest fromCrm(JsonNode amendment, String currency) {
        String number = text(amendment, "number");
        JsonNode rateCard = object(amendment, "rateCard");
        List<Milestone> milestones = list(amendment, "milestones", m -> new Milestone(text(m, "id"), text(m, "name"),
                money(text(m, "amount"), currency), date(text(m, "dueDate"))));
        String actor = firstNonBlank(text(amendment, "author"), text(amendment, "createdBy"), CRM_ACTOR);
        return new AmendmentRequest(
                number == null ? 0 : Integer.parseInt(number),
                date(text(amendment, "effectiveFrom")),
                rateCard == null ? null : rateCard(rateCard, currency),
                money(text(amendment, "capAmount"), currency),
                date(text(amendment, "endDate")),
                milestones,
                money(text(amendment, "retainerMonthlyAmount"), currency),
                text(amendment, "reason"),
                actor,
                AmendmentRequest.SOURCE_CRM,
                text(amendment, "id"));
    }

    /**
     * The CRM's request body: {@code number, effectiveFrom, reason} and only the terms given (amounts as decimal
     * strings without currency, dates as {@code YYYY-MM-DD}).
     */
    static Map<String, Object> toCrm(AmendmentRequest amendment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", amendment.number());
        body.put("effectiveFrom", amendment.effectiveFrom() == null ? null : amendment.effectiveFrom().toString());
        body.putAll(Terms.present(
                "rateCard", amendment.rateCard() == null ? null : rateCard(amendment.rateCard()),
                "capAmount", Terms.amount(amendment.capAmount()),
                "endDate", amendment.endDate(),
                "milestones", amendment.milestones() == null ? null : amendment.milestones().stream()
                        .map(AmendmentMapper::milestone).toList(),
                "retainerMonthlyAmount", Terms.amount(amendment.retainerMonthlyAmount()),
                "reason", amendment.reason()));
        return body;
    }

    private static RateCard rateCard(JsonNode rateCard, String currency) {
        List<RateCardVersion> read = list(rateCard, "versions", version -> new RateCardVersion(
                date(text(version, "effectiveFrom")),
                list(version, "rates", rate -> new Rate(text(rate, "role"), money(text(rate, "hourlyRate"), currency)))));
        if (read == null) {
            throw new IllegalArgumentException("rateCard.versions missing");
        }
        List<RateCardVersion> versions = new ArrayList<>(read);
        versions.sort(Comparator.comparing(RateCardVersion::effectiveFrom));
        return new RateCard(versions);
    }

    private static Map<String, Object> rateCard(RateCard rateCard) {
        return Map.of("versions", rateCard.versions().stream().map(version -> Map.of(
                "effectiveFrom", version.effectiveFrom().toString(),
                "rates", version.rates().stream().map(rate -> Map.of(
                        "role", rate.role(), "hourlyRate", Terms.amount(rate.hourlyRate()))).toList())).toList());
    }

    private static Map<String, Object> milestone(Milestone milestone) {
        return Terms.present("name", milestone.name(), "amount", Terms.amount(milestone.amount()),
                "dueDate", milestone.dueDate());
    }

    private static Money money(String amount, String currency) {
        return amount == null ? null : Money.of(amount, currency);
    }

    private static LocalDate date(String value) {
        return value == null ? null : LocalDate.parse(value);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
