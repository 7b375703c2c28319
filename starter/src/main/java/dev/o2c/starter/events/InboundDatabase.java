package dev.o2c.starter.events;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The starter's own, writable database {@code o2c_inbound} (the inbound event ledger), next to the read-only ledger
 * it reads as {@code o2c_reader}. The beans here are not default candidates ({@code @Bean(defaultCandidate = false)},
 * injected only by {@link #QUALIFIER}): Spring Boot's DataSource and JdbcClient auto-configuration, which
 * ledger-query uses, still sees the ledger as the only DataSource and stays exactly as it was.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InboundDatabase.Settings.class)
@Import(InboundEvents.class)
public class InboundDatabase {

    /** The qualifier of the inbound DataSource and JdbcClient. */
    public static final String QUALIFIER = "inbound";

    /**
     * {@code o2c.inbound.datasource.*} (env {@code O2C_INBOUND_DB_URL}, {@code O2C_INBOUND_DB_USER},
     * {@code O2C_INBOUND_DB_PASSWORD}).
     */
    @ConfigurationProperties("o2c.inbound.datasource")
    public record Settings(String url, String username, String password, Integer maximumPoolSize) {}

    @Bean(defaultCandidate = false, destroyMethod = "close")
    @Qualifier(QUALIFIER)
    HikariDataSource inboundDataSource(Settings settings) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("inbound");
        pool.setJdbcUrl(settings.url());
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(settings.maximumPoolSize() == null ? 5 : settings.maximumPoolSize());
        // like the ledger's: fail fast (a webhook answers 503 and is redelivered) instead of holding the sender 30 s,
        // and start even when the database is not up yet (InboundEvents migrates once it is)
        pool.setConnectionTimeout(3000);
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    @Bean(defaultCandidate = false)
    @Qualifier(QUALIFIER)
    JdbcClient inboundJdbcClient(@Qualifier(QUALIFIER) DataSource inbound) {
        return JdbcClient.create(inbound);
    }
}
