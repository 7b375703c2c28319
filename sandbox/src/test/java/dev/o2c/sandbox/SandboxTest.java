package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.o2c.sandbox.platform.StartupSettingsCheck;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/** Base of every test: ONE Spring context (same configuration everywhere), real HTTP, real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestInfrastructure.class)
// the development defaults (webhook secret, database password) are refused outside the dev profile
@ActiveProfiles(StartupSettingsCheck.DEV_PROFILE)
public abstract class SandboxTest {

    @LocalServerPort
    protected int port;

    protected Api api;
    protected Fixtures fx;

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
        fx = new Fixtures(api);
    }

    protected static void assertProblem(Api.Response response, int status, String typeSuffix) {
        String description = response.status() + " " + response.headers() + " " + response.raw();
        assertThat(response.status()).as(description).isEqualTo(status);
        assertThat(response.contentType()).as(description).startsWith("application/problem+json");
        assertThat(response.get("type")).as(description).isEqualTo("https://o2c.dev/problems/sandbox/" + typeSuffix);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }
}
