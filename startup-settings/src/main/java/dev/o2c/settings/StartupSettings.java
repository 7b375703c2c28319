package dev.o2c.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertyResolver;

/**
 * Refuses to start an o2c app (the worker, the starter) outside the {@value #DEV_PROFILE} profile when a secret or
 * password is missing, is a public development default, or (a secret) is shorter than {@value #MIN_SECRET_LENGTH}
 * characters. The message names each setting, its environment variable and why. The local stack and docker-compose
 * set {@code SPRING_PROFILES_ACTIVE=dev}; tests set the profile or valid secrets.
 *
 * <p>A bean factory post-processor, so it runs once the configuration is read and before any bean (data source,
 * Flyway, Temporal client) is created. Each app subclasses it as a component and lists its {@link #checks()}.
 */
public abstract class StartupSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The profile in which development defaults are allowed. */
    public static final String DEV_PROFILE = "dev";
    public static final int MIN_SECRET_LENGTH = 32;
    /** Values that are public (in this repository) and so never a secret outside development. */
    public static final Set<String> DEFAULTS = Set.of("o2c-dev-webhook-secret", "postgres", "o2c-dev-reader-password");

    /** One check of the settings: what is wrong, one sentence each; empty when all is well. */
    @FunctionalInterface
    public interface Check {
        List<String> problems(PropertyResolver settings);
    }

    private static final Logger log = LoggerFactory.getLogger(StartupSettings.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /** What this app checks. */
    protected abstract List<Check> checks();

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        verify(environment, checks());
    }

    /**
     * @throws IllegalStateException naming every setting that is wrong, outside the dev profile
     */
    public static void verify(Environment environment, List<Check> checks) {
        if (environment.acceptsProfiles(Profiles.of(DEV_PROFILE))) {
            log.info("Profile '{}': development defaults for secrets and passwords are allowed", DEV_PROFILE);
            return;
        }
        List<String> problems = new ArrayList<>();
        checks.forEach(check -> problems.addAll(check.problems(environment)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start without the '" + DEV_PROFILE + "' profile (set"
                    + " SPRING_PROFILES_ACTIVE=" + DEV_PROFILE + " only on a developer's machine):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /**
     * A secret that must be there, not a default and at least {@value #MIN_SECRET_LENGTH} characters; a value may
     * hold several secrets separated by commas (rotation) when {@code list}, each checked.
     *
     * @param optional true: a blank value is fine (e.g. a per-system secret: the shared one applies)
     */
    public static Check secret(String property, String variable, boolean optional, boolean list) {
        return settings -> {
            String value = settings.getProperty(property);
            String name = property + " (" + variable + ")";
            if (value == null || value.isBlank()) {
                return optional ? List.of() : List.of(name + " is missing: set a secret of at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
            List<String> problems = new ArrayList<>();
            for (String secret : list ? List.of(value.split(",")) : List.of(value)) {
                String s = list ? secret.strip() : secret;
                if (DEFAULTS.contains(s)) {
                    problems.add(name + " is the public development default: set a secret of at least "
                            + MIN_SECRET_LENGTH + " characters");
                } else if (s.length() < MIN_SECRET_LENGTH) {
                    problems.add(name + " is " + s.length() + " characters long, too short to be a secret: at least "
                            + MIN_SECRET_LENGTH);
                }
            }
            return problems;
        };
    }

    /** A database password that must be there and not a public default ({@code postgres}, the dev reader's). */
    public static Check password(String property, String variable) {
        return settings -> {
            String value = settings.getProperty(property);
            String name = property + " (" + variable + ")";
            if (value == null || value.isBlank()) {
                return List.of(name + " is missing: set the database password");
            }
            if (DEFAULTS.contains(value)) {
                return List.of(name + " is the default password '" + value + "': set the database's real one");
            }
            return List.of();
        };
    }
}
