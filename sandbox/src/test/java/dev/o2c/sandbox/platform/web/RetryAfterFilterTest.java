package dev.o2c.sandbox.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RetryAfterFilterTest {

    private final RetryAfterFilter filter = new RetryAfterFilter();

    private MockHttpServletResponse run(FilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/erp/v1/customers"), response, chain);
        return response;
    }

    @Test
    void a503WithoutRetryAfterGetsOne() throws Exception {
        MockHttpServletResponse set = run((req, res) -> ((HttpServletResponse) res).setStatus(503));
        MockHttpServletResponse sent = run((req, res) -> ((HttpServletResponse) res).sendError(503, "down"));

        assertThat(set.getStatus()).isEqualTo(503);
        assertThat(set.getHeader("Retry-After")).isEqualTo("1");
        assertThat(sent.getHeader("Retry-After")).isEqualTo("1");
    }

    @Test
    void aRetryAfterSetBeforeOrAfterTheStatusIsKept() throws Exception {
        MockHttpServletResponse before = run((req, res) -> {
            ((HttpServletResponse) res).setHeader("Retry-After", "7");
            ((HttpServletResponse) res).setStatus(503);
        });
        MockHttpServletResponse after = run((req, res) -> {
            ((HttpServletResponse) res).setStatus(503);
            ((HttpServletResponse) res).setHeader("Retry-After", "9");
        });

        assertThat(before.getHeaders("Retry-After")).containsExactly("7");
        assertThat(after.getHeaders("Retry-After")).containsExactly("9");
    }

    @Test
    void otherStatusesGetNone() throws Exception {
        assertThat(run((req, res) -> ((HttpServletResponse) res).setStatus(500)).getHeader("Retry-After")).isNull();
        assertThat(run((req, res) -> ((HttpServletResponse) res).setStatus(200)).getHeader("Retry-After")).isNull();
    }
}
