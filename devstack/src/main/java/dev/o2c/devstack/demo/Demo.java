package dev.o2c.devstack.demo;

import static dev.o2c.devstack.client.O2cClient.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.o2c.devstack.client.O2cClient;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./o2c demo}: three opportunity-to-project scenarios driven through the REST APIs alone, against a running
 * local stack ({@code ./o2c up}): a happy path, a parked-then-fixed path and a compensated path. Prints what happened
 * in the process and in each system.
 */
public final class Demo {

    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "ABORTED", "NEEDS_ATTENTION");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final O2cClient o2c;

    private Demo(O2cClient o2c) {
        this.o2c = o2c;
    }

    public static void main(String[] args) {
        O2cClient client = O2cClient.fromEnvironment();
        Demo demo = new Demo(client);
        try {
            demo.happyPath();
            demo.parkedThenFixed();
            demo.compensated();
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            System.err.println("Is the local stack running? Start it with ./o2c up");
            System.exit(1);
        }
    }

    private void happyPath() {
        title("1. Happy path: a won deal becomes an ERP customer, a PSA project, a billing plan and an ERP project");
        Deal deal = newDeal("Acme " + suffix(), true);
        say("CRM: marked opportunity %s won; CRM sends opportunity.won to o2c's webhook", deal.opportunity());
        o2c.markWon(deal.opportunity()).expect(200);
        JsonNode state = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
        printProcess(state);
        printSystems(deal);
    }

    private void parkedThenFixed() {
        title("2. Parked, then fixed: the account has no tax id, so the process waits for sales-ops");
        Deal deal = newDeal("Globex " + suffix(), false);
        o2c.markWon(deal.opportunity()).expect(200);
        JsonNode parked = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
        printProcess(parked);
        JsonNode exception = parked.path("openException");
        say("exception %s for %s: %s", exception.path("exceptionId").asText(), exception.path("owner").asText(),
                exception.path("cause").asText());
        say("CRM: sales-ops adds the tax id to account %s", deal.account());
        o2c.patchAccount(deal.account(), JsonNodeFactory.instance.objectNode().put("taxId", "DE123456789"))
                .expect(200);
        say("o2c: POST /api/v1/exceptions/%s/retry", exception.path("exceptionId").asText());
        o2c.resolve(exception.path("exceptionId").asText(), "retry").expect(202);
        JsonNode done = o2c.awaitStatus(deal.workflowId(), Set.of("COMPLETED", "COMPENSATED", "ABORTED"), WAIT);
        printProcess(done);
        printSystems(deal);
    }

    private void compensated() {
        title("3. Compensated: PSA refuses the project for good, so the saga undoes the ERP customer");
        String fault = o2c.addFault("psa", "projects.create", "PERMANENT", null, null);
        say("sandbox: fault %s makes PSA reject every new project (422)", fault);
        try {
            Deal deal = newDeal("Initech " + suffix(), true);
            o2c.markWon(deal.opportunity()).expect(200);
            JsonNode state = o2c.awaitStatus(deal.workflowId(), SETTLED, WAIT);
            printProcess(state);
            printSystems(deal);
        } finally {
            o2c.clearFaults();
            say("sandbox: faults cleared");
        }
    }

    // ---- output ------------------------------------------------------------------------------------------------

    private record Deal(String account, String opportunity) {
        String workflowId() {
            return "opportunity-to-project-" + opportunity;
        }
    }

    private Deal newDeal(String name, boolean withTaxId) {
        String account = o2c.createAccount(name, withTaxId);
        String opportunity = o2c.createOpportunity(account, name + " data platform");
        say("CRM: account %s%s, opportunity %s (time and materials, EUR)", account,
                withTaxId ? "" : " WITHOUT tax id", opportunity);
        return new Deal(account, opportunity);
    }

    private static void printProcess(JsonNode state) {
        say("process %s: %s (correlation id %s)", state.path("workflowId").asText(),
                state.path("status").asText(), state.path("correlationId").asText());
        for (JsonNode step : state.path("steps")) {
            String error = step.path("lastError").isTextual() ? "  ← " + step.path("lastError").asText() : "";
            System.out.printf("      %-28s %-9s %-20s attempts %d%s%n", step.path("name").asText(),
                    step.path("system").asText(), step.path("status").asText(), step.path("attempts").asInt(), error);
        }
    }

    private void printSystems(Deal deal) {
        JsonNode snapshot = o2c.snapshot();
        say("what each system holds now:");
        for (JsonNode c : objects(snapshot, "erp", "customers", "externalId", deal.account())) {
            System.out.printf("      ERP customer        %s  %s%n", c.path("id").asText(), c.path("status").asText());
        }
        for (JsonNode p : objects(snapshot, "psa", "projects", "externalRef", deal.opportunity())) {
            System.out.printf("      PSA project         %s  %s%n", p.path("id").asText(), p.path("status").asText());
        }
        for (JsonNode b : objects(snapshot, "invoicing", "billingPlans", "externalRef", deal.opportunity())) {
            System.out.printf("      billing plan        %s  %s%n", b.path("id").asText(), b.path("status").asText());
        }
        for (JsonNode e : objects(snapshot, "erp", "projects", "externalRef", deal.opportunity())) {
            System.out.printf("      ERP project         %s  %s%n", e.path("id").asText(), e.path("status").asText());
        }
        JsonNode delivery = o2c.opportunity(deal.opportunity()).path("delivery");
        System.out.printf("      CRM opportunity     delivery status %s%n",
                delivery.path("deliveryStatus").asText("(none)"));
    }

    private static void title(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    private static void say(String format, Object... args) {
        System.out.println("   " + String.format(format, args));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
