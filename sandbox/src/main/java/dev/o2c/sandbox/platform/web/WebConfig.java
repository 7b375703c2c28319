package dev.o2c.sandbox.platform.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/** JSON conventions (decimals as strings) and the OpenAPI document. */
@Configuration(proxyBeanMethods = false)
public class WebConfig {

    static {
        SpringDocUtils.getConfig().replaceWithSchema(BigDecimal.class,
                new StringSchema().format("decimal").example("1234.50"));
    }

    /** Every decimal (money, hours, quantities, rates) is a JSON string such as {@code "1234.50"}; input takes both. */
    @Bean
    JsonMapperBuilderCustomizer decimalsAsStrings() {
        SimpleModule module = new SimpleModule("sandbox-decimals");
        module.addSerializer(BigDecimal.class, new ValueSerializer<>() {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(value.toPlainString());
            }
        });
        return builder -> builder.addModule(module);
    }

    @Bean
    OpenAPI sandboxOpenApi() {
        return new OpenAPI().info(new Info().title("o2c sandbox").version("v1").description("""
                Simulated CRM (/crm/v1), PSA (/psa/v1), ERP (/erp/v1) and invoicing (/invoicing/v1) systems, \
                plus /sandbox/v1 (faults, snapshot, webhook events, reset). Every POST honours Idempotency-Key \
                (scoped per system); every object stores X-Correlation-Id. Money is an "amount" decimal string \
                next to a "currency" ISO 4217 code. Errors are application/problem+json. The operation id of \
                each endpoint is "<system>.<operation>"; the <operation> part is what \
                POST /sandbox/v1/faults targets."""));
    }

    /** Operation id {@code <system>.<operation>} from {@link SandboxOperation}, the name faults target. */
    @Bean
    OperationCustomizer sandboxOperationIds() {
        return (operation, handlerMethod) -> {
            operation.addParametersItem(new HeaderParameter().name(Correlation.HEADER).required(false)
                    .description("Caller's correlation id, stored on every object the call touches")
                    .schema(new StringSchema()));
            if (handlerMethod.hasMethodAnnotation(PostMapping.class)) {
                operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .description("Same key and body (per system): the first answer again; same key, other body: 422")
                        .schema(new StringSchema().maxLength(255)));
            }
            SandboxOperation op = handlerMethod.getMethodAnnotation(SandboxOperation.class);
            if (op != null) {
                String system = handlerMethod.getBeanType().getPackageName();
                system = system.substring(system.lastIndexOf('.') + 1);
                operation.setOperationId(system + "." + op.value());
                operation.addExtension("x-fault-operation", op.value());
            }
            return operation;
        };
    }

}
