package dev.o2c.starter.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.o2c.starter.security.ConsoleSecurity;
import dev.o2c.starter.security.TestSecurity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** Without O2C_CONSOLE_CLIENT_ID nobody could sign in: the console is not there at all (404, not a login). */
@WebMvcTest(controllers = {ProcessPages.class, ExceptionPages.class, EventPages.class})
@Import({ConsoleSecurity.class, TestSecurity.class})
class ConsoleOffTest {

    @Autowired MockMvc mvc;

    @Test
    void theConsoleAnswers404() throws Exception {
        mvc.perform(get("/console/processes")).andExpect(status().isNotFound());
        mvc.perform(get("/console/exceptions").with(oauth2Login())).andExpect(status().isNotFound());
        mvc.perform(get("/console")).andExpect(status().isNotFound());
    }
}
