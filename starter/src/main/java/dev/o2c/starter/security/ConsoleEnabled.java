package dev.o2c.starter.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The operations console exists only when its OIDC client is configured ({@code O2C_CONSOLE_CLIENT_ID}): without one
 * nobody could sign in, so {@code /console} answers 404 and the API is exactly as before.
 */
public final class ConsoleEnabled implements Condition {

    public static final String CLIENT_ID = "o2c.console.client-id";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty(CLIENT_ID));
    }
}
