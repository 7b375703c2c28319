package dev.o2c.sandbox.platform.web;

import java.util.List;

/** The simulated systems and how a request path maps to one. */
public final class Systems {

    public static final List<String> SIMULATED = List.of("crm", "psa", "erp", "invoicing");
    public static final String SANDBOX = "sandbox";

    private Systems() {
    }

    /** {@code crm|psa|erp|invoicing|sandbox} for {@code /<system>/v1/...}, else {@code null}. */
    public static String ofPath(String path) {
        for (String system : SIMULATED) {
            if (path.startsWith("/" + system + "/v1/")) {
                return system;
            }
        }
        return path.startsWith("/sandbox/v1/") ? SANDBOX : null;
    }
}
