package dev.o2c.activities.reconciliation;

import static dev.o2c.workflows.reconciliation.DiscrepancyKind.BILLING_PLAN_MISSING;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.ERP_PROJECT_MISSING;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.NOT_PROVISIONED;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PROVISIONING_DUPLICATE;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PROVISIONING_UNLINKED;
import static dev.o2c.workflows.reconciliation.DiscrepancyKind.PSA_PROJECT_MISSING;

import dev.o2c.activities.http.JsonFields;
import dev.o2c.activities.reconciliation.Found.ObjectRef;
import dev.o2c.workflows.reconciliation.DiscrepancyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The rules of the {@code provisioning} check (docs/processes.md, "Reconciliation"): a won deal has one live PSA
 * project, one ERP project and one live billing plan, linked to each other and in one currency. Pure: no I/O.
 */
final class ProvisioningRules {

    private ProvisioningRules() {}

    /** What a deal's external ref finds in each system. */
    record Provisioned(List<JsonNode> psaProjects, List<JsonNode> erpProjects, List<JsonNode> billingPlans) {}

    static List<Found> compare(JsonNode opportunity, Provisioned found) {
        String opp = JsonFields.text(opportunity, "id");
        ObjectRef deal = new ObjectRef("crm", "opportunity", opp);
        List<JsonNode> psa = without(found.psaProjects(), "CANCELLED");
        List<JsonNode> erp = found.erpProjects();
        List<JsonNode> openErp = erp.stream().filter(p -> "OPEN".equals(JsonFields.text(p, "status"))).toList();
        List<JsonNode> plans = without(found.billingPlans(), "VOID");
        String name = "Won deal " + JsonFields.text(opportunity, "name") + " (" + opp + ")";
        if (psa.isEmpty() && erp.isEmpty() && plans.isEmpty()) {
            return List.of(new Found(NOT_PROVISIONED, opp, List.of(opp),
                    name + " has no PSA project, ERP project or billing plan", List.of(deal)));
        }
        List<Found> result = new ArrayList<>();
        missing(result, psa, PSA_PROJECT_MISSING, opp, deal, name + " has no live PSA project");
        missing(result, erp, ERP_PROJECT_MISSING, opp, deal, name + " has no ERP project");
        missing(result, plans, BILLING_PLAN_MISSING, opp, deal, name + " has no live billing plan");
        duplicate(result, psa, "psa", "project", opp, deal, name);
        duplicate(result, openErp, "erp", "project", opp, deal, name);
        duplicate(result, plans, "invoicing", "billing-plan", opp, deal, name);
        if (psa.size() == 1 && plans.size() == 1 && erp.size() == 1) {
            JsonNode project = psa.getFirst();
            JsonNode plan = plans.getFirst();
            JsonNode erpProject = erp.getFirst();
            List<String> problems = new ArrayList<>();
            String projectId = JsonFields.text(project, "id");
            if (!projectId.equals(JsonFields.text(plan, "projectRef"))) {
                problems.add("billing plan " + JsonFields.text(plan, "id") + " is for project "
                        + JsonFields.text(plan, "projectRef") + ", not " + projectId);
            }
            List<String> currencies = List.of(JsonFields.text(project, "currency"), JsonFields.text(erpProject, "currency"),
                    JsonFields.text(plan, "currency"));
            if (currencies.stream().distinct().count() > 1) {
                problems.add("currencies differ: PSA " + currencies.get(0) + ", ERP " + currencies.get(1)
                        + ", billing plan " + currencies.get(2));
            }
            if (!problems.isEmpty()) {
                result.add(new Found(PROVISIONING_UNLINKED, opp, List.of(opp), name + ": " + String.join("; ", problems),
                        List.of(deal, new ObjectRef("psa", "project", projectId),
                                new ObjectRef("erp", "project", JsonFields.text(erpProject, "id")),
                                new ObjectRef("invoicing", "billing-plan", JsonFields.text(plan, "id")))));
            }
        }
        return result;
    }

    private static List<JsonNode> without(List<JsonNode> objects, String status) {
        return objects.stream().filter(o -> !Objects.equals(status, JsonFields.text(o, "status"))).toList();
    }

    private static void missing(List<Found> result, List<JsonNode> objects, DiscrepancyKind kind,
            String opp, ObjectRef deal, String cause) {
        if (objects.isEmpty()) {
            result.add(new Found(kind, opp, List.of(opp), cause, List.of(deal)));
        }
    }

    private static void duplicate(List<Found> result, List<JsonNode> objects, String system, String type, String opp,
            ObjectRef deal, String name) {
        if (objects.size() > 1) {
            List<String> ids = objects.stream().map(o -> JsonFields.text(o, "id")).sorted().toList();
            List<ObjectRef> refs = new ArrayList<>(List.of(deal));
            ids.forEach(id -> refs.add(new ObjectRef(system, type, id)));
            result.add(new Found(PROVISIONING_DUPLICATE, opp, List.of(opp, system), name + " has " + ids.size() + " "
                    + system + " " + type + "s: " + ids.stream().collect(Collectors.joining(", ")), refs));
        }
    }
}
