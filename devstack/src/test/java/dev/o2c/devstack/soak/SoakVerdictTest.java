package dev.o2c.devstack.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's end checks on hand-made snapshots: each kind of violation is found, a clean state has none. */
class SoakVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SoakDeal paid() {
        SoakDeal deal = new SoakDeal(1, "acc_1", "opp_1", SoakDeal.Plan.NORMAL);
        deal.o2pStatus = "COMPLETED";
        deal.runId = "project-billing-prj_1-run-1";
        deal.runStatus = "COMPLETED";
        deal.invoiceId = "inv_1";
        deal.cashStatus = "COMPLETED";
        return deal;
    }

    private static SoakDeal aborted() {
        SoakDeal deal = new SoakDeal(2, "acc_2", "opp_2", SoakDeal.Plan.ABORT_AFTER_REJECTION);
        deal.o2pStatus = "ABORTED";
        return deal;
    }

    /** A snapshot where deal 1 is provisioned, billed and paid, deal 2 undone; {@code edit} replaces text in it. */
    private static JsonNode snapshot(String... edits) throws Exception {
        String text = """
                {"erp": {"customers": [{"id": "cus_1", "externalId": "acc_1", "status": "ACTIVE"},
                                       {"id": "cus_2", "externalId": "acc_2", "status": "INACTIVE"}],
                         "projects": [{"id": "eprj_1", "externalRef": "opp_1", "status": "OPEN"}],
                         "receivables": [{"id": "rcv_1", "invoiceRef": "inv_1", "amount": "238.00", "balance": "0.00",
                                          "payments": [{"id": "rpy_1", "amount": "238.00"}]}]},
                 "psa": {"projects": [{"id": "prj_1", "externalRef": "opp_1", "status": "ACTIVE"}]},
                 "invoicing": {"billingPlans": [{"id": "bpl_1", "externalRef": "opp_1", "status": "ACTIVE"}],
                               "invoices": [{"id": "inv_1", "billingPlanId": "bpl_1", "status": "PAID", "total": "238.00",
                                             "amountPaid": "238.00", "balance": "0.00"}],
                               "payments": [{"id": "pay_1", "invoiceId": "inv_1", "amount": "238.00"}]}}
                """;
        for (int i = 0; i < edits.length; i += 2) {
            assertThat(text).contains(edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        return JSON.readTree(text);
    }

    @Test
    void aCleanSoakHasNoViolation() throws Exception {
        SoakVerdict verdict = SoakVerdict.of(List.of(paid(), aborted()), snapshot());
        assertThat(verdict.violations()).as("%s %s %s %s %s %s", verdict.lost, verdict.unexpected, verdict.duplicated,
                verdict.orphans, verdict.money, verdict.other).isZero();
    }

    @Test
    void aSecondPsaProjectForADealIsADuplicate() throws Exception {
        SoakVerdict verdict = SoakVerdict.of(List.of(paid()), snapshot("\"psa\": {\"projects\": [",
                "\"psa\": {\"projects\": [{\"id\": \"prj_9\", \"externalRef\": \"opp_1\", \"status\": \"ACTIVE\"},"));
        assertThat(verdict.duplicated).singleElement().asString().contains("PSA project of opp_1", "prj_9");
    }

    @Test
    void aPaymentAppliedTwiceInTheErpIsADuplicateAndAMismatch() throws Exception {
        SoakVerdict verdict = SoakVerdict.of(List.of(paid()), snapshot("[{\"id\": \"rpy_1\", \"amount\": \"238.00\"}]",
                "[{\"id\": \"rpy_1\", \"amount\": \"238.00\"}, {\"id\": \"rpy_2\", \"amount\": \"238.00\"}]"));
        assertThat(verdict.duplicated).singleElement().asString().contains("rcv_1");
        assertThat(verdict.money).singleElement().asString().contains("payments applied in the ERP 476.00");
    }

    @Test
    void aReceivableOfAnotherAmountIsAMoneyMismatch() throws Exception {
        SoakVerdict verdict = SoakVerdict.of(List.of(paid()), snapshot("\"amount\": \"238.00\", \"balance\": \"0.00\"",
                "\"amount\": \"200.00\", \"balance\": \"0.00\""));
        assertThat(verdict.money).singleElement().asString().contains("invoice total 238.00", "receivable amount 200.00");
    }

    @Test
    void aLiveObjectOfAnAbortedDealIsAnOrphan() throws Exception {
        SoakVerdict verdict = SoakVerdict.of(List.of(aborted()), snapshot("\"externalId\": \"acc_2\", \"status\": \"INACTIVE\"",
                "\"externalId\": \"acc_2\", \"status\": \"ACTIVE\""));
        assertThat(verdict.orphans).singleElement().asString().contains("ERP customer cus_2 ACTIVE");
    }

    @Test
    void aDealWithoutAFinalStatusIsLostAndARunningLedgerProcessToo() throws Exception {
        SoakDeal running = paid();
        running.o2pStatus = "RUNNING";
        SoakVerdict verdict = SoakVerdict.of(List.of(running), snapshot());
        verdict.ledger(List.of(
                JSON.readTree("{\"workflowId\": \"project-billing-prj_1\", \"status\": \"RUNNING\"}"),
                JSON.readTree("{\"workflowId\": \"invoice-to-cash-inv_1\", \"status\": \"RUNNING\"}")));
        assertThat(verdict.lost).hasSize(2).anySatisfy(l -> assertThat(l).contains("opportunity-to-project-opp_1"))
                .anySatisfy(l -> assertThat(l).contains("ledger: invoice-to-cash-inv_1 RUNNING"));
    }

    @Test
    void lateApplicationsAreShownButOnlyOtherDiscrepanciesCount() throws Exception {
        SoakVerdict verdict = new SoakVerdict();
        verdict.reconciliation(JSON.readTree("""
                {"status": "COMPLETED", "checks": [{"check": "payments", "discrepancies": {"PAYMENT_APPLIED_LATE": 4}},
                 {"check": "receivables", "discrepancies": {"RECEIVABLE_MISSING": 1}}]}"""));
        assertThat(verdict.reconciliationDiscrepancies).isEqualTo(1);
        assertThat(verdict.reconciliationKinds).containsEntry("PAYMENT_APPLIED_LATE", 4);
        assertThat(verdict.violations()).isEqualTo(1);
    }
}
