package dev.o2c.starter.console;

import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.Role;
import dev.o2c.starter.security.SecurityConfiguration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * Which console action a person may take: exactly what the matching API operation allows, read from
 * {@link SecurityConfiguration#RULES} (never restated here), so the console and the API cannot drift apart.
 */
final class ConsoleRules {

    private ConsoleRules() {
    }

    /** Whether the caller's roles allow the API operation {@code method path}. */
    static boolean allows(Caller caller, HttpMethod method, String apiPath) {
        return refusal(caller, method, apiPath).isEmpty();
    }

    /** The message shown when the caller's roles do not allow the operation. */
    static Optional<String> refusal(Caller caller, HttpMethod method, String apiPath) {
        Optional<List<Role>> needed = SecurityConfiguration.requiredRoles(method, apiPath);
        if (needed.isEmpty() || needed.get().stream().anyMatch(caller::has)) {
            return Optional.empty();
        }
        return Optional.of("Your roles " + caller.roles().stream().map(Role::claim).sorted().toList()
                + " do not allow this: it needs the role " + needed.get().stream().map(Role::claim)
                .collect(Collectors.joining(" or ")) + " (" + method + " " + apiPath + ")");
    }
}
