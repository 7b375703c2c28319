package dev.o2c.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.workflows.common.LogMasks;
import java.util.List;
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
 * {@code O2C_LOG_FORMAT=json} with the worker's application.yml (no beans: only its logging configuration): one ECS
 * JSON object a console line, the MDC's keys as fields under the names the README lists, the message as masked as in
 * text.
 */
@SpringBootTest(classes = StructuredLoggingTest.NoBeans.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "O2C_LOG_FORMAT=json")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    @Configuration(proxyBeanMethods = false)
    static class NoBeans {}

    private static final Logger log = LoggerFactory.getLogger(StructuredLoggingTest.class);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void jsonLineCarriesTheContextAsFieldsAndKeepsTheMasking(CapturedOutput output) {
        // what LogContextInterceptor and the SDK put on an activity thread
        MDC.put(LogContextInterceptor.WORKFLOW_ID, "o2p-opp-7");
        MDC.put(LogContextInterceptor.RUN_ID, "run-7");
        MDC.put(LogContextInterceptor.ACTIVITY_TYPE, "Psa.CreateProject");
        MDC.put(LogContextInterceptor.STEP, "psa.createProject");
        MDC.put(LogContextInterceptor.CORRELATION_ID, "corr-json-7");
        log.info("structured-marker owner {} refused: {}", LogMasks.email("jane.doe@example.com"),
                LogMasks.scrub("tax id DE123456789 of jane.doe@example.com is invalid"));

        String line = output.getOut().lines()
                .filter(l -> l.contains("structured-marker"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSON line in:\n" + output.getOut()));
        Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(line);

        assertThat(json)
                .containsEntry("workflowId", "o2p-opp-7")
                .containsEntry("runId", "run-7")
                .containsEntry("activityType", "Psa.CreateProject")
                .containsEntry("step", "psa.createProject")
                .containsEntry("correlationId", "corr-json-7")
                .containsEntry("message",
                        "structured-marker owner j***@***.com refused: tax id DE******789 of j***@***.com is invalid")
                .doesNotContainKeys("WorkflowId", "RunId", "ActivityType");
        // ECS: the service (spring.application.name) and the level are there too
        assertThat(json.get("service")).isInstanceOfSatisfying(Map.class,
                service -> assertThat(service).containsEntry("name", "o2c-worker"));
        assertThat(json.get("log")).isInstanceOfSatisfying(Map.class,
                level -> assertThat(level).containsEntry("level", "INFO"));
        assertThat(line).doesNotContain("jane.doe", "DE123456789");
        assertThat(List.of(line.strip().charAt(0), line.strip().charAt(line.strip().length() - 1)))
                .containsExactly('{', '}');
    }
}
