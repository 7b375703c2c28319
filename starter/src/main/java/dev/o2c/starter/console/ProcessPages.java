package dev.o2c.starter.console;

import dev.o2c.starter.exception.ResolutionAccepted;
import dev.o2c.starter.process.ProcessDetails;
import dev.o2c.starter.process.ProcessService;
import dev.o2c.starter.process.ProcessTypes;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.ConsoleEnabled;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ProcessStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

/** The process list (filters, business-id search) and the process page, with the decisions on a parked process. */
@Controller
@Conditional(ConsoleEnabled.class)
class ProcessPages {

    /** The console's age filter: started more than this long ago. */
    static final Map<String, Duration> AGES = ages();

    private final ProcessService processes;

    ProcessPages(ProcessService processes) {
        this.processes = processes;
    }

    @GetMapping("/console")
    String home() {
        return "redirect:/console/processes";
    }

    @GetMapping("/console/signed-out")
    String signedOut() {
        return "console/signed-out";
    }

    @GetMapping("/console/processes")
    String list(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
            @RequestParam(required = false) String owner, @RequestParam(required = false) String age,
            @RequestParam(required = false) String q, @RequestParam(required = false) String cursor, Model model) {
        Duration olderThan = age == null || age.isBlank() ? null : AGES.get(age);
        if (age != null && !age.isBlank() && olderThan == null) {
            throw ApiProblem.invalidField("age", "must be one of " + AGES.keySet());
        }
        model.addAttribute("page", processes.search(type, status, owner,
                olderThan == null ? null : Instant.now().minus(olderThan), q, 50, cursor));
        model.addAttribute("filter", new Filter(type, status, owner, age, q));
        model.addAttribute("types", ProcessTypes.KNOWN);
        model.addAttribute("statuses", Arrays.stream(ProcessStatus.values()).map(Enum::name).toList());
        model.addAttribute("teams", Arrays.stream(OwnerTeam.values()).map(OwnerTeam::code).toList());
        model.addAttribute("ages", AGES.keySet());
        return "console/processes";
    }

    /** The filters shown again in the form. */
    public record Filter(String type, String status, String owner, String age, String q) {}

    @GetMapping("/console/processes/{workflowId}")
    String process(@PathVariable String workflowId, Model model) {
        ProcessDetails process = processes.get(Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID));
        model.addAttribute("process", process);
        model.addAttribute("temporalUi", process.links().get("temporalUi"));
        return "console/process";
    }

    /** Retry, skip or abort the exception the process is parked on: the API's {@code /processes/{id}/{action}}. */
    @PostMapping("/console/processes/{workflowId}/{action}")
    String decide(@PathVariable String workflowId, @PathVariable String action,
            @RequestParam(required = false) String exceptionId, @RequestParam(required = false) String note,
            RedirectAttributes flash) {
        String id = Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID);
        String redirect = "redirect:/console/processes/" + UriUtils.encodePathSegment(id, "UTF-8");
        var decision = Decisions.action(action);
        var refused = ConsoleRules.refusal(Caller.current(), HttpMethod.POST,
                "/api/v1/processes/" + id + "/" + action);
        if (refused.isPresent()) {
            Flash.forbidden(flash, refused.get());
            return redirect;
        }
        try {
            ResolutionAccepted accepted = processes.decide(id, decision, Decisions.note(note),
                    Ids.checkedIfPresent("exceptionId", exceptionId, Ids.MAX_WORKFLOW_ID));
            Flash.notice(flash, Decisions.accepted(accepted));
        } catch (ApiProblem problem) {
            Flash.problem(flash, problem);
        }
        return redirect;
    }

    private static Map<String, Duration> ages() {
        Map<String, Duration> ages = new LinkedHashMap<>();
        ages.put("1h", Duration.ofHours(1));
        ages.put("1d", Duration.ofDays(1));
        ages.put("7d", Duration.ofDays(7));
        ages.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(ages);
    }
}
