package dev.o2c.sandbox.platform.data;

import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Demo data ({@code db/seed/demo.sql}: accounts, contacts and OPEN opportunities of every billing model, one
 * account without finance attributes). Idempotent ({@code ON CONFLICT DO NOTHING} on fixed ids); runs at startup
 * when {@code sandbox.seed.enabled} and after {@code POST /sandbox/v1/reset}.
 */
@Component
public class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final DataSource dataSource;
    private final boolean enabled;

    public DemoSeeder(DataSource dataSource, @Value("${sandbox.seed.enabled:true}") boolean enabled) {
        this.dataSource = dataSource;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled) {
            seed();
            log.info("demo data seeded");
        }
    }

    /** Runs in the caller's transaction when there is one. */
    public void seed() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            new ResourceDatabasePopulator(new ClassPathResource("db/seed/demo.sql")).populate(connection);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
