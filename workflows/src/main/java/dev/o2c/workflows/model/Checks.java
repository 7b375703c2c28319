package dev.o2c.workflows.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shared argument checks for the model's compact constructors. Every failure is an
 * {@link IllegalArgumentException} whose message starts with the field, e.g. {@code "Customer.taxId must not be
 * blank"}. Package-private: callers see only the records.
 */
final class Checks {

    /** ISO 3166-1 alpha-2 codes known to the running JDK. */
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private Checks() {
    }

    static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String requireNonBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** Optional text: {@code null} and blank both become {@code null}. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** True when {@code code} is an ISO 4217 code of a currency with a minor unit (so not XAU, XXX, ...). */
    static boolean isCurrency(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String requireCurrency(String code, String field) {
        requireNonBlank(code, field);
        if (!isCurrency(code)) {
            throw new IllegalArgumentException(field + " '" + code + "' is not an ISO 4217 currency code");
        }
        return code;
    }

    static boolean isCountry(String code) {
        return code != null && ISO_COUNTRIES.contains(code);
    }

    static String requireCountry(String code, String field) {
        requireNonBlank(code, field);
        if (!isCountry(code)) {
            throw new IllegalArgumentException(field + " '" + code + "' is not an ISO 3166-1 alpha-2 country code");
        }
        return code;
    }

    /** Copies a list; {@code null} becomes an empty list, a {@code null} element is rejected. */
    static <T> List<T> copy(List<T> list, String field) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(list);
    }

    /** Copy for drafts: {@code null} stays {@code null} and {@code null} elements are kept (validation reports them). */
    static <T> List<T> copyLenient(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <T> List<T> copyNonEmpty(List<T> list, String field) {
        List<T> copy = copy(list, field);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return copy;
    }

    static Money requireNonNegative(Money money, String field) {
        requireNonNull(money, field);
        if (money.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + money);
        }
        return money;
    }

    static Money requirePositive(Money money, String field) {
        requireNonNull(money, field);
        if (!money.isPositive()) {
            throw new IllegalArgumentException(field + " must be positive, was " + money);
        }
        return money;
    }

    /** Throws {@link CurrencyMismatchException} unless {@code money} is in {@code currency}. */
    static void requireCurrencyOf(Money money, String currency, String field) {
        if (money != null && !money.currency().equals(currency)) {
            throw new CurrencyMismatchException(field + " must be in " + currency + ", was " + money.currency(),
                    currency, money.currency());
        }
    }

    /**
     * Canonical form of a quantity (hours, units): trailing zeros stripped, scale never negative, so
     * {@code 7.50} becomes {@code 7.5} and {@code 1E+1} becomes {@code 10}; equal quantities are then
     * {@code equals}.
     */
    static BigDecimal canonicalQuantity(BigDecimal value, String field) {
        requireNonNull(value, field);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value.toPlainString());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Rejects duplicates among the non-null keys. */
    static void requireUnique(List<String> keys, String field) {
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            if (key != null && !seen.add(key)) {
                throw new IllegalArgumentException(field + " contains '" + key + "' more than once");
            }
        }
    }
}
