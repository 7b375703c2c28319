package dev.o2c.starter.config;

import dev.o2c.starter.security.Role;
import dev.o2c.starter.security.SecurityConfiguration;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import dev.o2c.workflows.model.Money;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}). Every error response declared on an
 * operation (4xx/5xx) is documented as an RFC 9457 {@code application/problem+json} {@code Problem}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String BEARER = "bearer";
    /**
     * The API contract's version (info.version). Bump it with every change of the contract: the checked-in
     * {@code docs/openapi.json} cannot be regenerated for a changed contract under the same version.
     */
    public static final String API_VERSION = "2.4.0";

    static {
        // Money serialises its amount as a decimal string (@JsonFormat STRING), which the schema would show as a number
        SpringDocUtils.getConfig().replaceWithSchema(Money.class, new ObjectSchema()
                .description("an amount of money: the amount a decimal string rounded to the currency's minor unit")
                .addProperty("amount", new StringSchema().example("12.30"))
                .addProperty("currency", new StringSchema().description("ISO 4217").example("EUR")));
    }

    @Bean
    OpenAPI o2cOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("o2c starter API")
                        .version(API_VERSION)
                        .description("Starts, queries and resolves o2c processes; receives system webhooks. Errors are"
                                + " RFC 9457 problems with a stable type under https://o2c.dev/problems/."));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("https://o2c.dev/problems/validation-failed"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema()
                        .description("field errors (validation-failed only)")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema())))
                .addProperty("correlationId", new StringSchema().description("the request's X-Correlation-Id"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description("A token of o2c's identity provider; its roles"
                            + " claim decides what the caller may do (docs/contracts.md, Identity and roles)"));
            addSecurity(openApi);
            addProblemResponses(openApi);
        };
    }

    /**
     * Each operation that needs a token says so: the bearer scheme, the role ({@code x-o2c-role}, from
     * {@link SecurityConfiguration#requiredRole}, the rules the starter enforces) and its 401 and 403 answers.
     */
    private static void addSecurity(OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Optional<List<Role>> roles = SecurityConfiguration.requiredRoles(HttpMethod.valueOf(method.name()), path);
            if (roles.isEmpty()) {
                return;
            }
            List<String> claims = roles.get().stream().map(Role::claim).toList();
            boolean decides = roles.get().equals(List.of(Role.OPERATOR));
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
            // one role, or the roles any one of which will do, joined by |: operator|finance
            operation.addExtension("x-o2c-role", String.join("|", claims));
            operation.getResponses().putIfAbsent("401", new ApiResponse().description(
                    "unauthorized: no bearer token, or one expired, forged, for another audience or issuer"));
            operation.getResponses().putIfAbsent("403", new ApiResponse().description("forbidden: the token's roles"
                    + " do not include " + String.join(" or ", claims) + (decides
                    ? "; or (reason OTHER_TEAM) the exception belongs to a team the token does not name" : "")));
        }));
    }

    private static void addProblemResponses(OpenAPI openApi) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getResponses() == null) {
                return;
            }
            operation.getResponses().forEach((code, response) -> {
                if (isError(code)) {
                    asProblem(response);
                }
            });
        }));
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static void asProblem(ApiResponse response) {
        response.setContent(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }
}
