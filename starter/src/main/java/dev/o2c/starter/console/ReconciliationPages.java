package dev.o2c.starter.console;

import dev.o2c.starter.reconciliation.Reconciliation;
import dev.o2c.starter.reconciliation.ReconciliationService;
import dev.o2c.starter.reconciliation.ReconciliationStarted;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.ConsoleEnabled;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/** Reconciliation runs, a run's report with its discrepancies, the open discrepancies, and an on-demand run. */
@Controller
@Conditional(ConsoleEnabled.class)
class ReconciliationPages {

    static final String START = "/api/v1/reconciliations";

    private final ReconciliationService reconciliations;

    ReconciliationPages(ReconciliationService reconciliations) {
        this.reconciliations = reconciliations;
    }

    @GetMapping("/console/reconciliations")
    String list(@RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", reconciliations.list(50, cursor));
        model.addAttribute("open", reconciliations.discrepancies("OPEN", null, null, null, 100, null));
        model.addAttribute("canStart", ConsoleRules.allows(Caller.current(), HttpMethod.POST, START));
        return "console/reconciliations";
    }

    @GetMapping("/console/reconciliations/{runId}")
    String report(@PathVariable String runId, Model model) {
        String id = Ids.checked("runId", runId, Ids.MAX_WORKFLOW_ID);
        Reconciliation report = reconciliations.report(id);
        model.addAttribute("report", report);
        model.addAttribute("discrepancies", reconciliations.runDiscrepancies(id, null, null, 200, null));
        model.addAttribute("temporalUi", report.links() == null ? null : report.links().get("temporalUi"));
        return "console/reconciliation";
    }

    /** An on-demand run of every check: the API's {@code POST /reconciliations}, which answers a running one. */
    @PostMapping("/console/reconciliations")
    String start(RedirectAttributes flash) {
        Optional<String> refused = ConsoleRules.refusal(Caller.current(), HttpMethod.POST, START);
        if (refused.isPresent()) {
            Flash.forbidden(flash, refused.get());
            return "redirect:/console/reconciliations";
        }
        try {
            ReconciliationStarted started = reconciliations.start(null);
            Flash.notice(flash, (started.created() ? "Reconciliation run " + started.runId() + " started"
                    : "Reconciliation run " + started.runId() + " is running already") + ": checks "
                    + String.join(", ", started.checks()));
            return "redirect:/console/reconciliations/" + UriUtils.encodePathSegment(started.runId(), "UTF-8");
        } catch (ApiProblem problem) {
            Flash.problem(flash, problem);
            return "redirect:/console/reconciliations";
        }
    }
}
