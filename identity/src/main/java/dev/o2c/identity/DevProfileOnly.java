package dev.o2c.identity;

import dev.o2c.settings.StartupSettings;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Refuses to start outside the {@value #DEV_PROFILE} profile, whatever the settings: every client secret of this
 * provider is public (it is in this repository), so it has no place anywhere but a developer's machine. Elsewhere a
 * real provider (the Keycloak realm {@code o2c}) issues the same claims.
 */
@Component
public class DevProfileOnly extends StartupSettings {

    static final List<Check> CHECKS = List.of(settings -> List.of("the o2c identity provider is a development"
            + " stand-in whose client secrets (o2c-dev-secret-*) are public; use a real identity provider (e.g. the"
            + " Keycloak realm o2c) and point the starter's O2C_JWT_ISSUER at it"));

    @Override
    protected List<Check> checks() {
        return CHECKS;
    }
}
