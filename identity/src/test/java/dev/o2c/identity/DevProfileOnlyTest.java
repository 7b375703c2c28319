package dev.o2c.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DevProfileOnlyTest {

    @Test
    void refusesToStartOutsideTheDevProfileWhateverTheSettings() {
        assertThatThrownBy(() -> DevProfileOnly.verify(new MockEnvironment(), DevProfileOnly.CHECKS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'dev' profile")
                .hasMessageContaining("client secrets (o2c-dev-secret-*) are public");
    }

    @Test
    void startsInTheDevProfile() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("dev");
        assertThatCode(() -> DevProfileOnly.verify(environment, DevProfileOnly.CHECKS)).doesNotThrowAnyException();
    }
}
