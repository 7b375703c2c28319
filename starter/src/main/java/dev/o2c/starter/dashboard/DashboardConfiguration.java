package dev.o2c.starter.dashboard;

import dev.o2c.ledger.query.DashboardQueries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The operations dashboard: its service, its gauges and their refresh every {@code o2c.dashboard.refresh}
 * ({@code O2C_DASHBOARD_REFRESH}, default 30 s; the first right after start), so a Prometheus scrape reads the last
 * values instead of querying both databases each time. A refresh that fails (a database down) is logged and the
 * gauges keep their last values.
 */
@Configuration(proxyBeanMethods = false)
@Import(InboundFacts.class)
public class DashboardConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DashboardConfiguration.class);

    @Bean
    DashboardMetrics dashboardMetrics(MeterRegistry registry) {
        return new DashboardMetrics(registry);
    }

    @Bean
    DashboardService dashboardService(DashboardQueries ledger, InboundFacts inbound, DashboardMetrics metrics,
            ObjectProvider<Clock> clock) {
        // a single Clock bean, when there is one, is a test's fixed moment
        return new DashboardService(ledger, inbound, clock.getIfUnique(Clock::systemUTC), List.of(metrics));
    }

    @Bean
    SmartLifecycle dashboardRefresh(DashboardService dashboards,
            @Value("${o2c.dashboard.refresh:PT30S}") Duration every) {
        return new SmartLifecycle() {
            private ScheduledExecutorService scheduler;

            @Override
            public synchronized void start() {
                scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                        .name("o2c-dashboard-refresh").factory());
                scheduler.scheduleWithFixedDelay(() -> {
                    try {
                        dashboards.refresh();
                    } catch (RuntimeException e) {
                        log.warn("operations dashboard not refreshed (the gauges keep their last values): {}",
                                e.toString());
                    }
                }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public synchronized void stop() {
                if (scheduler != null) {
                    scheduler.shutdownNow();
                    scheduler = null;
                }
            }

            @Override
            public synchronized boolean isRunning() {
                return scheduler != null;
            }
        };
    }
}
