package dev.o2c.devstack.client;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The local identity provider's clients, one per role ({@code docs/contracts.md}, "Identity and roles"): role
 * {@code X} is client {@code o2c-X} with the public development secret {@code o2c-dev-secret-X}.
 */
public enum Role {
    VIEWER, OPERATOR, OPERATOR_SALES_OPS, OPERATOR_PMO, OPERATOR_FINANCE_OPS, OPERATOR_IT, FINANCE, INTEGRATION, ADMIN;

    /** How {@code ./o2c token} names it: {@code viewer}, {@code operator-pmo}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String clientId() {
        return "o2c-" + label();
    }

    public String secret() {
        return "o2c-dev-secret-" + label();
    }

    /** The role of a label, or empty when there is none. */
    public static Optional<Role> of(String label) {
        return Arrays.stream(values()).filter(role -> role.label().equals(label)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Role::label).toList();
    }
}
