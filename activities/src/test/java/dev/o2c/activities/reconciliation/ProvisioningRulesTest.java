package dev.o2c.activities.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2c.activities.reconciliation.ProvisioningRules.Provisioned;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The provisioning rules on the systems' JSON (the HTTP paths: the activity test). */
class ProvisioningRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode DEAL = JSON.readTree("{\"id\": \"opp_1\", \"name\": \"Deal\"}");

    private static JsonNode object(String id, String status, String currency, String projectRef) {
        return JSON.readTree("""
                {"id": "%s", "externalRef": "opp_1", "status": "%s", "currency": "%s", "projectRef": "%s"}"""
                .formatted(id, status, currency, projectRef));
    }

    private static List<String> compare(List<JsonNode> psa, List<JsonNode> erp, List<JsonNode> plans) {
        return ProvisioningRules.compare(DEAL, new Provisioned(psa, erp, plans)).stream().map(Found::fingerprint)
                .toList();
    }

    @Test
    void aDealProvisionedAndLinkedIsNoDiscrepancy() {
        assertThat(compare(List.of(object("prj_1", "ACTIVE", "EUR", null)),
                List.of(object("eprj_1", "CLOSED", "EUR", null)),
                List.of(object("bpl_1", "ACTIVE", "EUR", "prj_1"), object("bpl_0", "VOID", "EUR", "prj_1")))).isEmpty();
    }

    @Test
    void nothingAtAllIsOneDiscrepancyAndEachMissingObjectItsOwn() {
        assertThat(compare(List.of(object("prj_0", "CANCELLED", "EUR", null)), List.of(), List.of()))
                .containsExactly("NOT_PROVISIONED|opp_1");
        assertThat(compare(List.of(), List.of(object("eprj_1", "OPEN", "EUR", null)), List.of()))
                .containsExactly("PSA_PROJECT_MISSING|opp_1", "BILLING_PLAN_MISSING|opp_1");
    }

    @Test
    void duplicatesPerSystemAndUnlinkedObjects() {
        assertThat(compare(List.of(object("prj_1", "ACTIVE", "EUR", null), object("prj_2", "ON_HOLD", "EUR", null)),
                List.of(object("eprj_1", "OPEN", "EUR", null), object("eprj_2", "OPEN", "EUR", null)),
                List.of(object("bpl_1", "ACTIVE", "EUR", "prj_1"))))
                .containsExactly("PROVISIONING_DUPLICATE|opp_1|psa", "PROVISIONING_DUPLICATE|opp_1|erp");
        assertThat(ProvisioningRules.compare(DEAL, new Provisioned(List.of(object("prj_1", "ACTIVE", "EUR", null)),
                List.of(object("eprj_1", "OPEN", "USD", null)), List.of(object("bpl_1", "ACTIVE", "EUR", "prj_9")))))
                .singleElement().satisfies(f -> {
                    assertThat(f.fingerprint()).isEqualTo("PROVISIONING_UNLINKED|opp_1");
                    assertThat(f.cause()).contains("prj_9", "not prj_1", "ERP USD");
                });
    }
}
