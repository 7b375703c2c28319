package dev.o2c.sandbox.platform.data;

import dev.o2c.sandbox.platform.web.ApiException;
import dev.o2c.sandbox.platform.web.FieldProblem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Business validation beyond Bean Validation annotations; collects field errors, then throws one 400. */
public final class Checks {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final List<FieldProblem> errors = new ArrayList<>();

    public static Checks start() {
        return new Checks();
    }

    public Checks required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
        }
        return this;
    }

    public Checks currency(String field, String code) {
        if (code != null) {
            try {
                if (!code.equals(Currency.getInstance(code).getCurrencyCode())) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem(field, "must be an ISO 4217 currency code such as EUR"));
            }
        }
        return this;
    }

    public Checks country(String field, String code) {
        if (code != null && !COUNTRIES.contains(code)) {
            errors.add(new FieldProblem(field, "must be an ISO 3166-1 alpha-2 country code such as US"));
        }
        return this;
    }

    public Checks address(String field, Address address, boolean complete) {
        if (address == null) {
            return complete ? required(field, null) : this;
        }
        if (complete) {
            required(field + ".line1", address.line1());
            required(field + ".city", address.city());
            required(field + ".country", address.country());
        }
        return country(field + ".country", address.country());
    }

    public Checks dateOrder(String field, LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new FieldProblem(field, "must not be before " + from));
        }
        return this;
    }

    public Checks positive(String field, BigDecimal value) {
        if (value != null && value.signum() <= 0) {
            errors.add(new FieldProblem(field, "must be greater than 0"));
        }
        return this;
    }

    public Checks scale(String field, BigDecimal value, int maxScale) {
        if (value != null && value.stripTrailingZeros().scale() > maxScale) {
            errors.add(new FieldProblem(field, "must have at most " + maxScale + " decimals"));
        }
        return this;
    }

    public Checks check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldProblem(field, message));
        }
        return this;
    }

    public void orThrow() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
