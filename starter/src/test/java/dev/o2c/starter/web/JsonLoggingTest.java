package dev.o2c.starter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * {@code O2C_LOG_FORMAT=json} with the starter's application.yml (no beans: only its logging configuration): a line
 * logged during a request is one ECS JSON object with the request's correlation id as field {@code correlationId}.
 */
@SpringBootTest(classes = JsonLoggingTest.NoBeans.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "O2C_LOG_FORMAT=json")
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingTest {

    @Configuration(proxyBeanMethods = false)
    static class NoBeans {}

    private static final Logger log = LoggerFactory.getLogger(JsonLoggingTest.class);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void requestLineIsJsonWithTheCorrelationId(CapturedOutput output) {
        MDC.put(Correlation.MDC_KEY, "corr-starter-1"); // as CorrelationIdFilter does for each request
        log.info("json-marker started");

        String line = output.getOut().lines()
                .filter(l -> l.contains("json-marker"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line in:\n" + output.getOut()));
        Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(line);
        assertThat(json)
                .containsEntry("correlationId", "corr-starter-1")
                .containsEntry("message", "json-marker started");
        assertThat(json.get("service")).isInstanceOfSatisfying(Map.class,
                service -> assertThat(service).containsEntry("name", "o2c-starter"));
    }
}
