package dev.o2c.starter.config;

import dev.o2c.codec.CodecKeys;
import dev.o2c.settings.StartupSettings;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The starter's start-up check ({@link StartupSettings}): outside the {@value #DEV_PROFILE} profile it refuses to
 * start with a missing, default or short webhook secret, a default ledger reader or inbound event ledger password, or
 * the public codec key.
 */
@Component
public class StartupSettingsCheck extends StartupSettings {

    /**
     * What the starter checks: the webhook secrets (shared and per system), the ledger reader's password, the inbound
     * event ledger's password, and the
     * payload codec's keys (not the public development key, encryption on).
     */
    public static final List<Check> CHECKS = List.of(
            secret("o2c.webhook.secret", "O2C_WEBHOOK_SECRET", false, false),
            secret("o2c.webhook.secrets.crm", "O2C_WEBHOOK_SECRETS_CRM", true, true),
            secret("o2c.webhook.secrets.psa", "O2C_WEBHOOK_SECRETS_PSA", true, true),
            secret("o2c.webhook.secrets.erp", "O2C_WEBHOOK_SECRETS_ERP", true, true),
            secret("o2c.webhook.secrets.invoicing", "O2C_WEBHOOK_SECRETS_INVOICING", true, true),
            password("spring.datasource.password", "O2C_DB_READER_PASSWORD"),
            password("o2c.inbound.datasource.password", "O2C_INBOUND_DB_PASSWORD"),
            settings -> CodecKeys.productionProblems(settings.getProperty("o2c.codec.keys"),
                    settings.getProperty("o2c.codec.current-key"), settings.getProperty("o2c.codec.enabled")));

    @Override
    protected List<Check> checks() {
        return CHECKS;
    }
}
