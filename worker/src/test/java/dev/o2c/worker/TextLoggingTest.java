package dev.o2c.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** Without {@code O2C_LOG_FORMAT}, the worker's console stays the text pattern with {@code [wf=... cid=...]}. */
@SpringBootTest(classes = TextLoggingTest.NoBeans.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class TextLoggingTest {

    @Configuration(proxyBeanMethods = false)
    static class NoBeans {}

    private static final Logger log = LoggerFactory.getLogger(TextLoggingTest.class);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void textIsTheDefault(CapturedOutput output) {
        MDC.put(LogContextInterceptor.WORKFLOW_ID, "o2p-opp-8");
        MDC.put(LogContextInterceptor.CORRELATION_ID, "corr-text-8");
        log.info("text-marker");

        String line = output.getOut().lines().filter(l -> l.contains("text-marker")).findFirst().orElseThrow();
        assertThat(line).contains("[wf=o2p-opp-8 cid=corr-text-8]").doesNotStartWith("{");
    }
}
