package dev.o2c.starter.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles a token's {@code roles} claim can carry (docs/contracts.md, "Identity and roles"). Authorities are
 * {@code ROLE_<name>}, with the roles each one implies ({@link #implied()}): {@code admin} holds every role,
 * {@code operator} and {@code finance} also read.
 */
public enum Role {
    /** Reads: every GET, the codec endpoint. */
    VIEWER,
    /** Decides parked processes of the owner teams in its token. */
    OPERATOR,
    /** Bill now, amendments, disputes, voids, write-offs. */
    FINANCE,
    /** Starts processes, nothing else. */
    INTEGRATION,
    /** Every role and every owner team. */
    ADMIN;

    /** This role and the ones it includes. */
    public Set<Role> implied() {
        return switch (this) {
            case ADMIN -> EnumSet.allOf(Role.class);
            case OPERATOR, FINANCE -> EnumSet.of(this, VIEWER);
            case VIEWER, INTEGRATION -> EnumSet.of(this);
        };
    }

    /** The claim value and the name in authorization rules: {@code viewer}, {@code operator}, … */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + claim();
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claim().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
