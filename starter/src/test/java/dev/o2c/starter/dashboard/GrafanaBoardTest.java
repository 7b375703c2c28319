package dev.o2c.starter.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.starter.dashboard.OperationsDashboard.Bucket;
import dev.o2c.starter.dashboard.OperationsDashboard.Cell;
import dev.o2c.starter.dashboard.OperationsDashboard.CurrencyDso;
import dev.o2c.starter.dashboard.OperationsDashboard.CycleTime;
import dev.o2c.starter.dashboard.OperationsDashboard.Dso;
import dev.o2c.starter.dashboard.OperationsDashboard.InvoiceRejections;
import dev.o2c.starter.dashboard.OperationsDashboard.OpenExceptions;
import dev.o2c.starter.dashboard.OperationsDashboard.PaymentSyncDelay;
import dev.o2c.starter.dashboard.OperationsDashboard.Point;
import dev.o2c.starter.dashboard.OperationsDashboard.ProvisioningFailures;
import dev.o2c.starter.dashboard.OperationsDashboard.UnbilledWork;
import dev.o2c.starter.dashboard.OperationsDashboard.Window;
import dev.o2c.workflows.model.Money;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana board (deploy/grafana/o2c-operations.json) and the gauges cannot drift apart: every {@code o2c_} metric
 * a panel queries is one the starter exports (as Prometheus names it, scraped from a registry the gauges were set
 * on), and every exported gauge is on the board.
 */
class GrafanaBoardTest {

    static final Path BOARD = Path.of("..", "deploy", "grafana", "o2c-operations.json");
    static final Path DATASOURCE = Path.of("..", "deploy", "grafana", "provisioning", "datasources",
            "prometheus.yml");
    static final Pattern METRIC = Pattern.compile("\\bo2c_[a-z0-9_]+");

    @Test
    void everyMetricTheBoardQueriesIsExportedAndEveryGaugeIsOnTheBoard() throws IOException {
        JsonNode board = JsonMapper.builder().build().readTree(Files.readString(BOARD));
        List<String> expressions = new ArrayList<>();
        Set<String> datasources = new TreeSet<>();
        for (JsonNode panel : board.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
                datasources.add(target.path("datasource").path("uid").asString());
            }
            datasources.add(panel.path("datasource").path("uid").asString());
        }
        Set<String> queried = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            boolean any = false;
            while (matcher.find()) {
                queried.add(matcher.group());
                any = true;
            }
            assertThat(any).as("an o2c metric in " + expression).isTrue();
        }

        Set<String> exported = exported();
        assertThat(exported).hasSize(DashboardMetrics.NAMES.size());
        assertThat(exported).as("what the board queries is exported").containsAll(queried);
        assertThat(queried).as("every exported gauge is on the board").containsAll(exported);

        // the panels use the provisioned data source
        assertThat(datasources).containsExactly("o2c-prometheus");
        assertThat(Files.readString(DATASOURCE)).contains("uid: o2c-prometheus");
    }

    /** The metric names of a scrape after the gauges got a dashboard with a row in every series. */
    static Set<String> exported() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new DashboardMetrics(registry).accept(full());
        return registry.scrape().lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .filter(name -> name.startsWith("o2c_"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static OperationsDashboard full() {
        List<Money> eur = List.of(Money.of("10.00", "EUR"));
        return new OperationsDashboard(Instant.parse("2026-12-05T12:00:00Z"),
                new ProvisioningFailures("processes", List.of(new Window("7d", 1,
                        List.of(new Point("o2c.unavailable", 1L))))),
                new UnbilledWork("entries", 1, 0, eur, List.of(new Bucket("0-7d", 1, eur)),
                        List.of(new Bucket("P1", 1, eur))),
                new InvoiceRejections("invoices", List.of(new Point("7d", 1L))),
                new PaymentSyncDelay("seconds", "30d", 1, 1.0, 1.0, 1, 1.0),
                new OpenExceptions("exceptions", 1, List.of(), List.of(), List.of(new Cell("it", "0-1d", 1))),
                new CycleTime("seconds", "90d", 1, 1.0, 1.0),
                new CycleTime("seconds", "90d", 1, 1.0, 1.0),
                new Dso("days", "90d", "f", List.of(new CurrencyDso("EUR", 1.0, Money.of("1.00", "EUR"),
                        Money.of("1.00", "EUR")))));
    }
}
