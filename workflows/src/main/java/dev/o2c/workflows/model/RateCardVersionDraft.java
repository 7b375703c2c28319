package dev.o2c.workflows.model;

import java.util.List;

/**
 * A rate-card version as read from CRM, before validation; see {@link RateCardVersion}.
 * {@code effectiveFrom} is {@code yyyy-MM-dd}.
 *
 * <p>Invariants: none beyond immutability (lists are copied; {@code null} lists and elements are kept, to be
 * reported by validation).
 */
public record RateCardVersionDraft(
        String effectiveFrom,
        List<RateDraft> rates) {

    public RateCardVersionDraft {
        rates = Checks.copyLenient(rates);
    }
}
