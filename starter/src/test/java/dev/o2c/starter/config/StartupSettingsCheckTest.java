package dev.o2c.starter.config;

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
                .hasMessageContaining("o2c.webhook.secret (O2C_WEBHOOK_SECRET) is the public development default")
                .hasMessageContaining("spring.datasource.password (O2C_DB_READER_PASSWORD) is the default password")
                .hasMessageContaining("o2c.inbound.datasource.password (O2C_INBOUND_DB_PASSWORD) is the default"
                        + " password");
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
        environment.setProperty("O2C_DB_READER_PASSWORD", "a-real-reader-password");
        environment.setProperty("O2C_INBOUND_DB_PASSWORD", "a-real-inbound-password");
        environment.setProperty("O2C_CODEC_KEYS", "prod-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assertThatCode(() -> verify(environment)).doesNotThrowAnyException();
        // the public development key encrypts nothing worth protecting
        environment.setProperty("O2C_CODEC_KEYS", "");
        assertThatThrownBy(() -> verify(environment)).hasMessageContaining("o2c.codec.keys (O2C_CODEC_KEYS) is"
                + " missing");
    }

    @Test
    void aShortMissingOrDefaultSecretIsRefusedWithWhy() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_DB_READER_PASSWORD", "a-real-reader-password");
        environment.setProperty("O2C_WEBHOOK_SECRET", "short-secret");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("o2c.webhook.secret (O2C_WEBHOOK_SECRET) is 12 characters long, too short"
                        + " to be a secret: at least 32")
                .hasMessageNotContaining("spring.datasource.password");
        environment.setProperty("O2C_WEBHOOK_SECRET", "");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("o2c.webhook.secret (O2C_WEBHOOK_SECRET) is missing");
    }

    @Test
    void everyRotatedPerSystemSecretIsCheckedAndABlankOneMeansTheSharedOne() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_WEBHOOK_SECRET", STRONG);
        environment.setProperty("O2C_DB_READER_PASSWORD", "a-real-reader-password");
        environment.setProperty("O2C_INBOUND_DB_PASSWORD", "a-real-inbound-password");
        environment.setProperty("O2C_CODEC_KEYS", "prod-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        environment.setProperty("O2C_WEBHOOK_SECRETS_CRM", STRONG + "-new, " + STRONG + "-old");
        assertThatCode(() -> verify(environment)).doesNotThrowAnyException();
        environment.setProperty("O2C_WEBHOOK_SECRETS_PSA", STRONG + ",too-short");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("o2c.webhook.secrets.psa (O2C_WEBHOOK_SECRETS_PSA) is 9 characters long");
    }

    @Test
    void thePostgresPasswordIsRefused() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_WEBHOOK_SECRET", STRONG);
        environment.setProperty("O2C_DB_READER_PASSWORD", "postgres");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("spring.datasource.password (O2C_DB_READER_PASSWORD) is the default password"
                        + " 'postgres'");
    }

    @Test
    void moreChecksCanBeAdded() throws IOException {
        MockEnvironment environment = defaults();
        environment.setActiveProfiles("prod");
        assertThatThrownBy(() -> StartupSettingsCheck.verify(environment, java.util.List.of(
                        settings -> java.util.List.of("o2c.codec.keys is missing"))))
                .hasMessageContaining("o2c.codec.keys is missing");
    }

    @Test
    void aContextWithTheCheckFailsBeforeItsBeansAreCreatedUnlessTheDevProfileIsOn() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(StartupSettingsCheck.class)
                .withPropertyValues("o2c.webhook.secret=short", "spring.datasource.password=postgres")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("o2c.webhook.secret (O2C_WEBHOOK_SECRET) is 5 characters"));
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(StartupSettingsCheck.class)
                .withPropertyValues("o2c.webhook.secret=short", "spring.profiles.active=dev")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
