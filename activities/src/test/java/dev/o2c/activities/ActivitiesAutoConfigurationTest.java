package dev.o2c.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.billing.BillingActivitiesImpl;
import dev.o2c.activities.reconciliation.ReconciliationActivitiesImpl;
import dev.o2c.activities.crm.CrmActivitiesImpl;
import dev.o2c.activities.erp.ErpActivitiesImpl;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.SystemsProperties;
import dev.o2c.activities.invoicing.InvoicingActivitiesImpl;
import dev.o2c.activities.ledger.AuditTrail;
import dev.o2c.activities.ledger.LedgerActivitiesImpl;
import dev.o2c.activities.psa.PsaActivitiesImpl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The worker gets every activity bean and one client per system just by having this module on its classpath. */
class ActivitiesAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class,
                    JdbcClientAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    RestClientAutoConfiguration.class,
                    ActivitiesAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=" + TestDatabases.server().getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username=postgres",
                    "o2c.systems.crm.base-url=http://crm.example/crm/v1",
                    "o2c.systems.psa.base-url=http://psa.example/psa/v1",
                    "o2c.systems.erp.base-url=http://erp.example/erp/v1",
                    "o2c.systems.erp.read-timeout=30s",
                    "o2c.systems.erp.local-concurrency=7",
                    "o2c.systems.invoicing.base-url=http://invoicing.example/invoicing/v1");

    @Test
    void registersEveryActivityAndOneClientPerSystem() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CrmActivitiesImpl.class)
                    .hasSingleBean(PsaActivitiesImpl.class)
                    .hasSingleBean(ErpActivitiesImpl.class)
                    .hasSingleBean(InvoicingActivitiesImpl.class)
                    .hasSingleBean(LedgerActivitiesImpl.class)
                    .hasSingleBean(BillingActivitiesImpl.class)
                    .hasSingleBean(ReconciliationActivitiesImpl.class)
                    .hasSingleBean(AuditTrail.class)
                    .hasSingleBean(SystemClients.class);
            assertThat(context.getBean(SystemClients.class).erp().system()).isEqualTo("erp");
            SystemsProperties properties = context.getBean(SystemsProperties.class);
            assertThat(properties.erp().readTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.crm().readTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.crm().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.erp().localConcurrency()).isEqualTo(7);
            assertThat(properties.crm().localConcurrency()).isEqualTo(20);
            assertThat(context.getBean(SystemClients.class).erp().freeLocalSlots()).isEqualTo(7);
        });
    }

    @Test
    void aMissingBaseUrlFailsAtStartupNamingTheProperty() {
        runner.withPropertyValues("o2c.systems.psa.base-url=").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("o2c.systems.psa.base-url"));
    }

    @Test
    void canBeSwitchedOffForApplicationsThatOnlyNeedTheMigrations() {
        runner.withPropertyValues("o2c.activities.enabled=false", "o2c.systems.psa.base-url=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SystemClients.class).doesNotHaveBean(LedgerActivitiesImpl.class);
        });
    }
}
