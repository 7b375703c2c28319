package dev.o2c.starter.process;

import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.ledger.query.AuditQueries;
import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.starter.exception.DecisionSender;
import dev.o2c.starter.web.Links;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The devstack sets {@code O2C_TEMPORAL_UI_URL} blank when it runs the Java test server, which has no UI. */
@WebMvcTest(controllers = ProcessController.class, properties = "o2c.temporal-ui-url=")
@Import({ProcessStarter.class, ProcessService.class, DecisionSender.class, Links.class, TestSecurity.class})
class NoTemporalUiTest {

    static final String WF = "opportunity-to-project-opp-1";

    @Autowired MockMvc mvc;
    @MockitoBean WorkflowClient client;
    @MockitoBean ProcessQueries processes;
    @MockitoBean AuditQueries audit;

    @Test
    void aBlankTemporalUiUrlHandsOutNoTemporalUiLink() throws Exception {
        WorkflowStub startStub = mock(WorkflowStub.class);
        WorkflowStub idStub = mock(WorkflowStub.class);
        when(client.newUntypedWorkflowStub(anyString(), any(WorkflowOptions.class))).thenReturn(startStub);
        when(client.newUntypedWorkflowStub(anyString())).thenReturn(idStub);
        when(idStub.describe()).thenThrow(new WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId(WF).build(), null, null));
        when(processes.find(anyString())).thenReturn(Optional.empty());
        when(startStub.start(any())).thenReturn(WorkflowExecution.newBuilder().setWorkflowId(WF).setRunId("r").build());

        mvc.perform(post("/api/v1/opportunity-to-project")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"opportunityId\": \"opp-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.links.self").exists())
                .andExpect(jsonPath("$.links.temporalUi").doesNotExist());
    }

    @Test
    void noneOrBlankMeansNoUiAndAUrlLosesItsTrailingSlash() {
        for (String none : new String[] {"", "  ", "none", "NONE", null}) {
            O2cProperties properties = properties(none);
            assertThat(properties.temporalUiUrl()).as("'%s'", none).isNull();
            assertThat(new Links(properties, "default").temporalUi(WF)).isEmpty();
        }
        assertThat(new Links(properties("http://ui:8080/"), "ns").temporalUi(WF))
                .hasValueSatisfying(uri -> assertThat(uri).hasToString("http://ui:8080/namespaces/ns/workflows/" + WF));
    }

    static O2cProperties properties(String temporalUiUrl) {
        return new O2cProperties(temporalUiUrl, Duration.ofDays(14), Duration.ofSeconds(5), Duration.ofSeconds(10),
                O2cProperties.Webhook.shared("s", Duration.ofMinutes(5)));
    }
}
