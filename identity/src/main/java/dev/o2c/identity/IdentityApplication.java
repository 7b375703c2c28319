package dev.o2c.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The local identity provider: a Spring Authorization Server that issues {@code client_credentials} tokens with
 * o2c's roles and teams ({@code docs/contracts.md}, "Identity and roles"), and signs the operations console's people
 * in ({@link People}, authorization code with PKCE). A development stand-in with public secrets and passwords: it
 * refuses to start outside the {@code dev} profile ({@link DevProfileOnly}).
 */
@SpringBootApplication
public class IdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
