package dev.o2c.worker;

import dev.o2c.codec.CodecKeys;
import dev.o2c.settings.StartupSettings;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The worker's start-up check ({@link StartupSettings}): outside the {@value #DEV_PROFILE} profile it refuses to
 * start with a missing or default database password or the public codec key.
 */
@Component
public class StartupSettingsCheck extends StartupSettings {

    /**
     * What the worker checks: the ledger owner's password, the password it gives the read-only role
     * {@code o2c_reader} (Flyway placeholder {@code readerpassword}), and the payload codec's keys (not the public
     * development key, encryption on).
     */
    public static final List<Check> CHECKS = List.of(
            password("spring.datasource.password", "O2C_DB_PASSWORD"),
            password("spring.flyway.placeholders.readerpassword", "O2C_DB_READER_PASSWORD"),
            settings -> CodecKeys.productionProblems(settings.getProperty("o2c.codec.keys"),
                    settings.getProperty("o2c.codec.current-key"), settings.getProperty("o2c.codec.enabled")));

    @Override
    protected List<Check> checks() {
        return CHECKS;
    }
}
