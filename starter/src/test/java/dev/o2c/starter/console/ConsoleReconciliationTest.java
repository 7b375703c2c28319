package dev.o2c.starter.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.starter.reconciliation.DiscrepancyPage;
import dev.o2c.starter.reconciliation.ReconciliationPage;
import dev.o2c.starter.reconciliation.ReconciliationService;
import dev.o2c.starter.reconciliation.ReconciliationStarted;
import dev.o2c.starter.security.ConsoleSecurity;
import dev.o2c.starter.security.TestSecurity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** An on-demand reconciliation from the console: operator or finance, as POST /api/v1/reconciliations allows. */
@WebMvcTest(controllers = ReconciliationPages.class, properties = {"o2c.console.client-id=o2c-console",
        "o2c.console.issuer=http://idp.test"})
@Import({ConsoleSecurity.class, ConsoleAdvice.class, TestSecurity.class})
class ConsoleReconciliationTest {

    @Autowired MockMvc mvc;
    @MockitoBean ReconciliationService reconciliations;

    @Test
    void aViewerSeesTheRunsButNoRunButtonAndCannotStartOne() throws Exception {
        when(reconciliations.list(any(), any())).thenReturn(new ReconciliationPage(List.of(), null, Map.of()));
        when(reconciliations.discrepancies(any(), any(), any(), any(), any(), any()))
                .thenReturn(new DiscrepancyPage(List.of(), null, Map.of()));
        String page = mvc.perform(get("/console/reconciliations").with(person("viola", "viewer")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("No run yet.").doesNotContain("run-now");

        mvc.perform(post("/console/reconciliations").with(person("viola", "viewer")).with(csrf()))
                .andExpect(redirectedUrl("/console/reconciliations"))
                .andExpect(flash().attribute("problem", new Flash.Problem(403, "Forbidden", "Your roles [viewer] do"
                        + " not allow this: it needs the role operator or finance (POST /api/v1/reconciliations)")));
        verify(reconciliations, never()).start(any());
    }

    @Test
    void financeStartsARunAndLandsOnItsReport() throws Exception {
        when(reconciliations.start(isNull())).thenReturn(new ReconciliationStarted("rec-1", "RUNNING", true,
                List.of("provisioning", "work", "receivables", "payments"), Map.of()));
        mvc.perform(post("/console/reconciliations").with(person("fiona", "finance")).with(csrf()))
                .andExpect(redirectedUrl("/console/reconciliations/rec-1"))
                .andExpect(flash().attribute("notice", "Reconciliation run rec-1 started: checks provisioning, work,"
                        + " receivables, payments"));
    }

    private static RequestPostProcessor person(String name, String role) {
        return oauth2Login().attributes(claims -> {
            claims.put("sub", name);
            claims.put("preferred_username", name);
            claims.put("roles", List.of(role));
        });
    }
}
