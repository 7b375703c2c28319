package dev.o2c.worker;

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
                .hasMessageContaining("spring.datasource.password (O2C_DB_PASSWORD) is the default password 'postgres'")
                .hasMessageContaining("spring.flyway.placeholders.readerpassword (O2C_DB_READER_PASSWORD) is the"
                        + " default password 'o2c-dev-reader-password'");
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
        environment.setProperty("O2C_DB_PASSWORD", "the-owner-password");
        environment.setProperty("O2C_DB_READER_PASSWORD", "the-reader-password");
        environment.setProperty("O2C_CODEC_KEYS", "prod-1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assertThatCode(() -> verify(environment)).doesNotThrowAnyException();
        environment.setProperty("O2C_CODEC_KEYS", "dev-1:49nK/sMXQ003WqP4tXhKhtMSLBsG8LguGGlRIviDcKU=");
        assertThatThrownBy(() -> verify(environment)).hasMessageContaining("public development key");
    }

    @Test
    void aMissingPasswordIsRefused() throws IOException {
        MockEnvironment environment = defaults();
        environment.setProperty("O2C_DB_PASSWORD", "");
        environment.setProperty("O2C_DB_READER_PASSWORD", "the-reader-password");
        assertThatThrownBy(() -> verify(environment))
                .hasMessageContaining("spring.datasource.password (O2C_DB_PASSWORD) is missing");
    }
}
