package dev.o2c.starter.console;

import dev.o2c.starter.security.Caller;
import org.springframework.http.HttpMethod;

/**
 * The buttons a page shows: an action is offered only when the caller's roles allow its API operation. (The owner-team
 * limit of an operator is the process's to check: a decision for another team's exception is refused by the process
 * and the refusal shown.)
 */
public record Permissions(boolean retry, boolean skip, boolean abort, boolean replay) {

    static final String ANY_ID = "_";

    static Permissions of(Caller caller) {
        return new Permissions(
                ConsoleRules.allows(caller, HttpMethod.POST, "/api/v1/exceptions/" + ANY_ID + "/retry"),
                ConsoleRules.allows(caller, HttpMethod.POST, "/api/v1/exceptions/" + ANY_ID + "/skip"),
                ConsoleRules.allows(caller, HttpMethod.POST, "/api/v1/exceptions/" + ANY_ID + "/abort"),
                ConsoleRules.allows(caller, HttpMethod.POST, "/api/v1/events/" + ANY_ID + "/replay"));
    }

    /** Whether any decision on an exception is offered. */
    public boolean decide() {
        return retry || skip || abort;
    }
}
