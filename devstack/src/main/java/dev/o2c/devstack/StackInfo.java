package dev.o2c.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where everything of a started stack can be reached, and the table of it printed once it is ready.
 */
public record StackInfo(
        String starterUrl,
        String sandboxUrl,
        String workerUrl,
        String identityUrl,
        String identityIssuer,
        String temporalAddress,
        TemporalServer.Kind temporalKind,
        Optional<String> temporalUiUrl,
        JdbcTarget sandboxDb,
        JdbcTarget o2cDb,
        Path logsDir,
        Duration timeToReady) {

    /** The table printed when the stack is ready. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"starter API", starterUrl, "OpenAPI " + starterUrl + "/swagger-ui.html"});
        rows.add(new String[] {"console", starterUrl + "/console", "sign in as viola, otto, fiona or ada"
                + " (password o2c-dev-<name>)"});
        rows.add(new String[] {"sandbox", sandboxUrl, "OpenAPI " + sandboxUrl + "/swagger-ui.html"});
        rows.add(new String[] {"identity (IdP)", identityUrl, "issuer " + identityIssuer
                + "; a token: ./o2c token <role>"});
        rows.add(new String[] {"worker", workerUrl + "/actuator", "metrics " + workerUrl + "/actuator/prometheus"});
        rows.add(new String[] {"Temporal gRPC", temporalAddress, temporalKind.description()});
        rows.add(new String[] {"Temporal UI", temporalUiUrl.orElse(temporalKind == TemporalServer.Kind.JAVA_TEST_SERVER
                ? "no UI: Java test server" : "no UI started by o2c"), ""});
        rows.add(new String[] {"PostgreSQL", sandboxDb.url(), "user " + sandboxDb.user()});
        rows.add(new String[] {"", o2cDb.url(), "user " + o2cDb.user()});
        rows.add(new String[] {"logs", logsDir.toString(), ""});

        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        String rule = "-".repeat(w0 + w1 + 40);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "o2c local stack ready in %.1f s%n", timeToReady.toMillis() / 1000.0));
        sb.append(rule).append('\n');
        for (String[] row : rows) {
            sb.append(String.format(Locale.ROOT, "  %-" + w0 + "s  %-" + w1 + "s  %s", row[0], row[1], row[2])
                    .stripTrailing()).append('\n');
        }
        sb.append(rule).append('\n');
        sb.append("Ctrl-C stops everything.");
        return sb.toString();
    }
}
