package dev.o2c.ledger.query;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registers the ledger repositories wherever a {@link JdbcClient} (that is, a DataSource pointing at the o2c ledger)
 * exists. Slices without a DataSource (e.g. {@code @WebMvcTest}) simply do not get them.
 */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@ConditionalOnBean(JdbcClient.class)
public class LedgerQueryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProcessQueries processQueries(JdbcClient jdbc) {
        return new ProcessQueries(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    ExceptionQueries exceptionQueries(JdbcClient jdbc) {
        return new ExceptionQueries(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    ReconciliationQueries reconciliationQueries(JdbcClient jdbc) {
        return new ReconciliationQueries(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditQueries auditQueries(JdbcClient jdbc) {
        return new AuditQueries(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    DashboardQueries dashboardQueries(JdbcClient jdbc) {
        return new DashboardQueries(jdbc);
    }
}
