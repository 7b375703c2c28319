package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PATCH of PSA and ERP projects: present fields replace, validation, undone projects refuse. */
class ProjectUpdateTest extends SandboxTest {

    @Test
    void psaProjectEndDateAndBudget() {
        String project = fx.psaProject();
        Api.Response patched = api.patch("/psa/v1/projects/" + project,
                "{\"endDate\": \"2027-03-31\", \"budgetAmount\": \"120000\", \"budgetHours\": \"1000.5\"}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.get("endDate")).isEqualTo("2027-03-31");
        assertThat(patched.get("budgetAmount")).isEqualTo("120000.00");
        assertThat(patched.get("budgetHours")).isEqualTo("1000.50");
        assertThat(patched.get("name")).isEqualTo("Project");
        Api.Response again = api.patch("/psa/v1/projects/" + project, "{\"endDate\": \"2027-03-31\", \"budgetAmount\": \"120000\"}");
        assertThat(again.get("budgetHours")).isEqualTo("1000.50");
        assertThat(again.get("endDate")).isEqualTo("2027-03-31");

        Api.Response invalid = api.patch("/psa/v1/projects/" + project,
                "{\"endDate\": \"2025-12-31\", \"budgetAmount\": \"-1\", \"name\": \"\"}");
        assertProblem(invalid, 400, "validation");
        assertThat(invalid.json().path("errors").findValuesAsString("field")).contains("budgetAmount", "name");
        assertProblem(api.patch("/psa/v1/projects/" + project, "{\"endDate\": \"2025-12-31\"}"), 400, "validation");
        assertProblem(api.patch("/psa/v1/projects/prj_missing", "{\"budgetAmount\": \"1\"}"), 404, "not-found");
        api.post("/psa/v1/projects/" + project + "/cancel", null);
        assertProblem(api.patch("/psa/v1/projects/" + project, "{\"budgetAmount\": \"1\"}"), 409, "conflict");
    }

    @Test
    void erpProjectTerms() {
        String project = fx.erpProject(fx.customer());
        Api.Response patched = api.patch("/erp/v1/projects/" + project,
                "{\"revenueMethod\": \"PERCENT_COMPLETE\", \"endDate\": \"2026-12-31\", \"contractAmount\": \"90000.5\"}");
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.get("revenueMethod")).isEqualTo("PERCENT_COMPLETE");
        assertThat(patched.get("contractAmount")).isEqualTo("90000.50");
        assertThat(patched.get("name")).isEqualTo("ERP project");
        assertThat(api.patch("/erp/v1/projects/" + project, "{\"name\": \"Renamed\"}").get("endDate")).isEqualTo("2026-12-31");

        assertProblem(api.patch("/erp/v1/projects/" + project, "{\"revenueMethod\": \"GUESS\"}"), 400, "validation");
        assertProblem(api.patch("/erp/v1/projects/" + project, "{\"contractAmount\": \"1.001\"}"), 400, "validation");
        assertProblem(api.patch("/erp/v1/projects/eprj_missing", "{\"name\": \"x\"}"), 404, "not-found");
        api.post("/erp/v1/projects/" + project + "/close", null);
        assertProblem(api.patch("/erp/v1/projects/" + project, "{\"name\": \"x\"}"), 409, "conflict");
    }
}
