package dev.o2c.activities.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The work rules and billing periods on the systems' JSON (the HTTP paths: the activity test). */
class WorkRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode PLAN = JSON.readTree("{\"id\": \"bpl_1\", \"billingPeriod\": \"MONTHLY\"}");

    private static JsonNode entry(String mark) {
        return JSON.readTree("""
                {"id": "tim_1", "kind": "TIME", "projectId": "prj_1", "date": "2026-01-15", "status": "APPROVED",
                 "billedInvoiceRef": %s}""".formatted(mark == null ? "null" : "\"" + mark + "\""));
    }

    private static JsonNode ref(String invoice, String status) {
        return JSON.readTree("{\"ref\": \"tim_1\", \"invoiceId\": \"%s\", \"invoiceStatus\": \"%s\"}"
                .formatted(invoice, status));
    }

    private static List<String> kinds(List<Found> found) {
        return found.stream().map(f -> f.kind().name()).toList();
    }

    @Test
    void unbilledOnlyOnceTheDayAfterItsPeriodHasPassed() {
        assertThat(WorkRules.compare(entry(null), List.of(), PLAN, LocalDate.of(2026, 2, 1))).isEmpty();
        assertThat(kinds(WorkRules.compare(entry(null), List.of(), PLAN, LocalDate.of(2026, 2, 2))))
                .containsExactly("WORK_UNBILLED");
        // no plan (not billed by o2c) or a period without an end: not this check's finding
        assertThat(WorkRules.compare(entry(null), List.of(), null, LocalDate.of(2026, 6, 1))).isEmpty();
        assertThat(WorkRules.compare(entry(null), List.of(),
                JSON.readTree("{\"id\": \"bpl_1\", \"billingPeriod\": \"ON_DEMAND\"}"), LocalDate.of(2026, 6, 1))).isEmpty();
    }

    @Test
    void billedOnOneLiveInvoiceAndMarkedSoIsInStep() {
        assertThat(WorkRules.compare(entry("inv_1"), List.of(ref("inv_1", "SENT"), ref("inv_0", "VOID")), PLAN,
                LocalDate.of(2026, 6, 1))).isEmpty();
    }

    @Test
    void billedTwiceOrMarkedWrongly() {
        LocalDate today = LocalDate.of(2026, 6, 1);
        assertThat(kinds(WorkRules.compare(entry("inv_1"), List.of(ref("inv_1", "SENT"), ref("inv_2", "DRAFT")), PLAN,
                today))).containsExactly("WORK_BILLED_TWICE");
        assertThat(kinds(WorkRules.compare(entry(null), List.of(ref("inv_1", "SENT")), PLAN, today)))
                .containsExactly("WORK_MARK_MISMATCH");
        assertThat(kinds(WorkRules.compare(entry("inv_9"), List.of(), PLAN, today)))
                .containsExactly("WORK_MARK_MISMATCH");
    }

    @Test
    void periodEnds() {
        LocalDate date = LocalDate.of(2026, 2, 11); // a Wednesday
        assertThat(WorkRules.periodEnd("WEEKLY", date)).isEqualTo(LocalDate.of(2026, 2, 15));
        assertThat(WorkRules.periodEnd("MONTHLY", date)).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(WorkRules.periodEnd("QUARTERLY", date)).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(WorkRules.periodEnd("QUARTERLY", LocalDate.of(2026, 12, 1))).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(WorkRules.periodEnd("MILESTONE", date)).isNull();
    }
}
