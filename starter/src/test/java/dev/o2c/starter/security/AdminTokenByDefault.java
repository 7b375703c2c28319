package dev.o2c.starter.security;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * An admin's bearer token on every MockMvc request that does not carry its own {@code Authorization} header: for
 * tests about what an endpoint does, not who may call it ({@code RoleMatrixTest} is about that).
 */
@TestConfiguration(proxyBeanMethods = false)
public class AdminTokenByDefault {

    /**
     * Sent as {@code Authorization} to call anonymously: an empty header replaces the default one, and the bearer token
     * resolver finds no token in it, exactly as if none was sent.
     */
    public static final String NO_TOKEN = "";

    @Bean
    MockMvcBuilderCustomizer adminTokenByDefault() {
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                .header("Authorization", TestTokens.admin()));
    }
}
