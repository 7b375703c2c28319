package dev.o2c.activities;

import dev.o2c.activities.http.CallAudit;
import dev.o2c.activities.http.SystemClients;
import dev.o2c.activities.http.SystemsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.client.RestClient;

/**
 * Brings o2c's activity implementations into any Spring Boot application that has this module on its classpath
 * (the worker): the connectors, the ledger and their HTTP clients. Listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, so the worker need not
 * scan {@code dev.o2c.activities} itself. Needs a {@code DataSource} (the ledger database) and
 * {@code o2c.systems.*.base-url} (a missing one fails startup, naming the property). A Spring Boot application that
 * has this module on its classpath only for its migrations (e.g. ledger-query's tests) sets
 * {@code o2c.activities.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "o2c.activities.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SystemsProperties.class)
// the exclude keeps the scan from registering this auto-configuration a second time
@ComponentScan(
        basePackageClasses = ActivitiesAutoConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ActivitiesAutoConfiguration.class))
public class ActivitiesAutoConfiguration {

    @Bean
    SystemClients systemClients(SystemsProperties properties, ObjectProvider<RestClient.Builder> builder,
            CallAudit audit) {
        return new SystemClients(properties, builder.getIfAvailable(RestClient::builder), audit);
    }
}
