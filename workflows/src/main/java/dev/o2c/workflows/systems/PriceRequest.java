package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;
import java.math.BigDecimal;

/**
 * Input of {@code price}.
 *
 * @param currency the contract's currency
 * @param taxRatePercent the ERP's tax rate for the contract's legal entity and the customer's country
 * @param capRemaining what the cap still allows (cap minus consumed), null when uncapped
 * @param holdBackOverCap false: price everything and report {@code overCap}; true: hold back the latest entries
 *     (by date, then id) until the subtotal fits {@code capRemaining}; held rows stay unbilled in the PSA
 */
public record PriceRequest(String runId, String currency, BigDecimal taxRatePercent, Money capRemaining,
        boolean holdBackOverCap) {}
