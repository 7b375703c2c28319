package dev.o2c.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PSA project statuses for billing: hold, resume, close (and cancel of a held project); what each status refuses. */
class PsaProjectStatusTest extends SandboxTest {

    private Api.Response action(String project, String action) {
        return api.post("/psa/v1/projects/" + project + "/" + action, null);
    }

    private String status(String project) {
        return api.get("/psa/v1/projects/" + project).get("status");
    }

    @Test
    void holdResumeAndCloseAreIdempotentTransitions() {
        String project = fx.psaProject();
        Api.Response held = action(project, "hold");
        assertThat(held.status()).as(held.raw()).isEqualTo(200);
        assertThat(held.get("status")).isEqualTo("ON_HOLD");
        Api.Response heldAgain = action(project, "hold");
        assertThat(heldAgain.status()).isEqualTo(200);
        assertThat(heldAgain.get("updatedAt")).isEqualTo(held.get("updatedAt"));

        Api.Response resumed = action(project, "resume");
        assertThat(resumed.get("status")).isEqualTo("ACTIVE");
        Api.Response resumedAgain = action(project, "resume");
        assertThat(resumedAgain.status()).isEqualTo(200);
        assertThat(resumedAgain.get("updatedAt")).isEqualTo(resumed.get("updatedAt"));

        action(project, "hold");
        Api.Response closed = action(project, "close");
        assertThat(closed.status()).as(closed.raw()).isEqualTo(200);
        assertThat(closed.get("status")).isEqualTo("CLOSED");
        assertThat(closed.get("closedAt")).isNotNull();
        Api.Response closedAgain = action(project, "close");
        assertThat(closedAgain.status()).isEqualTo(200);
        assertThat(closedAgain.get("closedAt")).isEqualTo(closed.get("closedAt"));

        String direct = fx.psaProject();
        assertThat(action(direct, "close").get("status")).isEqualTo("CLOSED");

        assertProblem(action("prj_missing", "hold"), 404, "not-found");
        assertProblem(action("prj_missing", "resume"), 404, "not-found");
        assertProblem(action("prj_missing", "close"), 404, "not-found");
    }

    @Test
    void illegalTransitionsAnswer409() {
        String closed = fx.psaProject();
        action(closed, "close");
        for (String illegal : List.of("hold", "resume", "cancel")) {
            Api.Response refused = action(closed, illegal);
            assertProblem(refused, 409, "conflict");
            assertThat(refused.get("projectStatus")).isEqualTo("CLOSED");
        }
        assertProblem(api.patch("/psa/v1/projects/" + closed, "{\"budgetAmount\": \"1\"}"), 409, "conflict");

        String cancelled = fx.psaProject();
        action(cancelled, "cancel");
        for (String illegal : List.of("hold", "resume", "close")) {
            assertProblem(action(cancelled, illegal), 409, "conflict");
        }
        assertThat(status(cancelled)).isEqualTo("CANCELLED");
    }

    @Test
    void cancelAcceptsAHeldProject() {
        String project = fx.psaProject();
        action(project, "hold");
        Api.Response cancelled = action(project, "cancel");
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.get("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelledAt")).isNotNull();
    }

    @Test
    void heldProjectTakesEntriesAndChangesClosedOneOnlyApprovalsAndBillingMarks() {
        String project = fx.psaProject();
        String submitted = fx.timeEntry(project);
        String expense = fx.expense(project);
        String milestone = fx.milestone(project);
        String approved = fx.approvedTimeEntry(project);

        action(project, "hold");
        assertThat(api.patch("/psa/v1/projects/" + project, "{\"endDate\": \"2027-06-30\"}").status()).isEqualTo(200);
        String whileHeld = fx.timeEntry(project);
        assertThat(api.post("/psa/v1/time-entries/" + whileHeld + "/approve", null).get("status"))
                .isEqualTo("APPROVED");

        action(project, "close");
        assertProblem(api.post("/psa/v1/projects/" + project + "/time-entries", """
                {"person": "a", "role": "Engineer", "date": "2026-02-03", "hours": "1"}"""), 409, "conflict");
        assertProblem(api.post("/psa/v1/projects/" + project + "/expenses", """
                {"date": "2026-02-03", "category": "travel", "amount": "1.00", "currency": "EUR"}"""), 409, "conflict");
        assertProblem(api.post("/psa/v1/projects/" + project + "/milestones", """
                {"name": "m", "amount": "1.00"}"""), 409, "conflict");

        assertThat(api.post("/psa/v1/time-entries/" + submitted + "/approve", null).get("status")).isEqualTo("APPROVED");
        assertThat(api.post("/psa/v1/expenses/" + expense + "/approve", null).get("status")).isEqualTo("APPROVED");
        assertThat(api.post("/psa/v1/milestones/" + milestone + "/complete", null).get("status"))
                .isEqualTo("COMPLETED");
        String ref = Fixtures.unique("inv");
        Api.Response marked = api.post("/psa/v1/billing-marks", "{\"invoiceRef\": \"" + ref + "\", \"timeEntryIds\": [\""
                + submitted + "\", \"" + approved + "\", \"" + whileHeld + "\"], \"expenseIds\": [\"" + expense + "\"]}");
        assertThat(marked.status()).as(marked.raw()).isEqualTo(200);
        assertThat(marked.json().path("timeEntryIds").size()).isEqualTo(3);
        Api.Response released = api.post("/psa/v1/billing-marks/release", "{\"invoiceRef\": \"" + ref + "\"}");
        assertThat(released.json().path("expenseIds").size()).isEqualTo(1);
    }

    @Test
    void listFiltersByTheNewStatuses() {
        String held = fx.psaProject();
        action(held, "hold");
        String closed = fx.psaProject();
        action(closed, "close");
        assertThat(api.get("/psa/v1/projects?status=ON_HOLD").json().findValuesAsString("id")).contains(held)
                .doesNotContain(closed);
        assertThat(api.get("/psa/v1/projects?status=CLOSED").json().findValuesAsString("id")).contains(closed)
                .doesNotContain(held);
        assertProblem(api.get("/psa/v1/projects?status=PAUSED"), 400, "validation");
    }
}
