package dev.o2c.starter.web;

import dev.o2c.workflows.common.OwnerTeam;
import java.util.Arrays;

/** An optional owner-team filter of a list endpoint ({@code ?owner=}, {@code ?ownerTeam=}). */
public final class OwnerTeamFilter {

    private OwnerTeamFilter() {}

    /**
     * @return the team's code, or null for a missing or blank value
     * @throws ApiProblem {@code 400 validation-failed} naming {@code field} and the teams' codes
     */
    public static String parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OwnerTeam.fromCode(value.strip()).code();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, "must be one of "
                    + Arrays.stream(OwnerTeam.values()).map(OwnerTeam::code).toList());
        }
    }
}
