package dev.o2c.devstack.client;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * {@code ./o2c token <role>}: prints an access token of the running local stack's identity provider and nothing
 * else, so that {@code curl -H "Authorization: Bearer $(./o2c token finance)" ...} works.
 */
public final class PrintToken {

    private PrintToken() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** 0 with the token on stdout; 2 for an unknown role; 1 when no token could be had. */
    static int run(String[] args) {
        String roles = String.join(", ", Role.labels());
        if (args.length != 1) {
            System.err.println("usage: ./o2c token <role>   (role: " + roles + ")");
            return 2;
        }
        Role role = Role.of(args[0]).orElse(null);
        if (role == null) {
            System.err.println("o2c: unknown role '" + args[0] + "'; one of " + roles);
            return 2;
        }
        Tokens tokens = new Tokens(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
                Tokens.idpUrlFromEnvironment());
        try {
            System.out.println(tokens.token(role));
            return 0;
        } catch (UncheckedIOException | IllegalStateException e) {
            System.err.println("o2c: " + e.getMessage());
            return 1;
        }
    }
}
