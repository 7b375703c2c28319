package dev.o2c.sandbox.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

class StartupSettingsCheckTest {

    static final String STRONG = "x7Qp2vLk9sWd4Rt8Zy1Nb6Hc3Jm5Fg0A";

    /** The app's own application.yml, with nothing set in the environment. */
    static MockEnvironment defaults() throws IOException {
        MockEnvironment environment = new MockEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return environment;
    }

    static void verify(MockEnvironment environment) {
        StartupSettingsCheck.verify(environment, StartupSettingsCheck.CHECKS);
    }

    @Test
    void theDevelopmentDefaultsAreRefusedOutsideTheDevProfileNamingEachSetting() throws IOException {
        assertThatThrownBy(() -> verify(defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'dev' profile")
                .hasMessageContaining("sandbox.webhooks.secret (O2C_WEBHOOK_SECRET) is the public development default")
                .hasMessageContaining("spring.datasource.password (SANDBOX_DB_PASSWORD) is the default password");
    }

    @Test
    void theDevProfileAllowsTheDefaults() throws IOException {
        MockEnvironment environment = defaults();
        environment.setActiveProfiles("dev");
        assertThatCode(() -> verify(environment)).doesNotThrowAnyException();
    }

    @Test
    void strongSettingsStartWithoutTheDevProfile() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_WEBHOOK_SECRET", STRONG);
        environment.setProperty("O2C_WEBHOOK_SECRETS_CRM", STRONG + "-crm");
        environment.setProperty("SANDBOX_DB_PASSWORD", "the-sandbox-password");
        assertThatCode(() -> verify(environment)).doesNotThrowAnyException();
    }

    @Test
    void aShortPerSystemSecretIsRefused() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_WEBHOOK_SECRET", STRONG);
        environment.setProperty("SANDBOX_DB_PASSWORD", "the-sandbox-password");
        environment.setProperty("O2C_WEBHOOK_SECRETS_ERP", "erp");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("sandbox.webhooks.secrets.erp (O2C_WEBHOOK_SECRETS_ERP) is 3 characters long");
    }
}
