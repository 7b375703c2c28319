package dev.o2c.sandbox.platform.data;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * One Flyway per schema: each simulated system owns its schema, its migrations
 * ({@code db/migration/<schema>}) and its own {@code flyway_schema_history} table, like separate products would.
 */
@Component
public class SchemaMigrations implements InitializingBean {

    public static final List<String> SCHEMAS = List.of("sandbox", "crm", "psa", "erp", "invoicing");

    private final DataSource dataSource;

    public SchemaMigrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        for (String schema : SCHEMAS) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        }
    }
}
