package dev.o2c.starter.console;

import dev.o2c.starter.exception.ExceptionDetails;
import dev.o2c.starter.exception.ExceptionPage;
import dev.o2c.starter.exception.ExceptionService;
import dev.o2c.starter.exception.ResolutionAccepted;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.ConsoleEnabled;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.ResolutionAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The exception queue: retry, skip or abort one exception, or every open exception of one cause at once. A bulk
 * action is the same per-exception decision repeated through {@link ExceptionService}, each with its own answer:
 * one refusal (another team's, already decided, not skippable) stops nothing and is listed with its reason.
 */
@Controller
@Conditional(ConsoleEnabled.class)
class ExceptionPages {

    /** Open exceptions a bulk action walks through at most (pages of 200). */
    static final int BULK_MAX = 1000;

    private final ExceptionService exceptions;

    ExceptionPages(ExceptionService exceptions) {
        this.exceptions = exceptions;
    }

    @GetMapping("/console/exceptions")
    String list(@RequestParam(required = false, defaultValue = "open") String status,
            @RequestParam(required = false) String owner, @RequestParam(required = false) String cursor,
            Model model) {
        String statusFilter = "all".equals(status) ? null : status;
        ExceptionPage page = exceptions.list(statusFilter, owner, 200, cursor);
        model.addAttribute("page", page);
        model.addAttribute("causes", causes(page.items()));
        model.addAttribute("status", status);
        model.addAttribute("owner", owner);
        model.addAttribute("teams", Arrays.stream(OwnerTeam.values()).map(OwnerTeam::code).toList());
        return "console/exceptions";
    }

    /** The open exceptions of the page by cause, the most frequent first. */
    public record Cause(String cause, long count, boolean skippable) {}

    private static List<Cause> causes(List<ExceptionDetails> items) {
        Map<String, List<ExceptionDetails>> byCause = new LinkedHashMap<>();
        items.stream().filter(e -> "OPEN".equals(e.status()))
                .forEach(e -> byCause.computeIfAbsent(e.cause(), c -> new ArrayList<>()).add(e));
        return byCause.entrySet().stream()
                .map(e -> new Cause(e.getKey(), e.getValue().size(),
                        e.getValue().stream().allMatch(ExceptionDetails::skippable)))
                .sorted((a, b) -> Long.compare(b.count(), a.count()))
                .toList();
    }

    @PostMapping("/console/exceptions/{id}/{action}")
    String decide(@PathVariable String id, @PathVariable String action, @RequestParam(required = false) String note,
            @RequestParam(required = false) String back, RedirectAttributes flash) {
        String exceptionId = Ids.checked("id", id, Ids.MAX_WORKFLOW_ID);
        ResolutionAction decision = Decisions.action(action);
        Optional<String> refused = ConsoleRules.refusal(Caller.current(), HttpMethod.POST,
                "/api/v1/exceptions/" + exceptionId + "/" + action);
        if (refused.isPresent()) {
            Flash.forbidden(flash, refused.get());
        } else {
            try {
                ResolutionAccepted accepted = exceptions.resolve(exceptionId, decision, Decisions.note(note), null);
                Flash.notice(flash, Decisions.accepted(accepted));
            } catch (ApiProblem problem) {
                Flash.problem(flash, problem);
            }
        }
        return "redirect:" + back(back);
    }

    /** The same decision for every open exception of one cause (of one owner team, when the page is filtered). */
    @PostMapping("/console/exceptions/bulk")
    String bulk(@RequestParam String cause, @RequestParam String action, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String note, @RequestParam(required = false) String back,
            RedirectAttributes flash) {
        ResolutionAction decision = Decisions.action(action);
        Caller caller = Caller.current();
        List<Flash.Result> results = new ArrayList<>();
        for (ExceptionDetails exception : openOfCause(cause, owner)) {
            Optional<String> refused = ConsoleRules.refusal(caller, HttpMethod.POST,
                    "/api/v1/exceptions/" + exception.id() + "/" + action);
            if (refused.isPresent()) {
                results.add(new Flash.Result(exception.id(), exception.workflowId(), false, refused.get()));
                continue;
            }
            try {
                ResolutionAccepted accepted = exceptions.resolve(exception.id(), decision,
                        Decisions.note(note == null || note.isBlank() ? "bulk " + action + " by cause" : note), null);
                results.add(new Flash.Result(exception.id(), exception.workflowId(), true,
                        Decisions.accepted(accepted)));
            } catch (ApiProblem problem) {
                results.add(new Flash.Result(exception.id(), exception.workflowId(), false,
                        problem.title() + ": " + problem.getMessage()));
            }
        }
        long taken = results.stream().filter(Flash.Result::accepted).count();
        Flash.results(flash, action + " by cause \"" + cause + "\": " + taken + " of " + results.size()
                + " taken", results);
        return "redirect:" + back(back);
    }

    private List<ExceptionDetails> openOfCause(String cause, String owner) {
        List<ExceptionDetails> found = new ArrayList<>();
        String cursor = null;
        int seen = 0;
        do {
            ExceptionPage page = exceptions.list("open", owner, 200, cursor);
            page.items().stream().filter(e -> cause.equals(e.cause())).forEach(found::add);
            seen += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null && seen < BULK_MAX);
        return found;
    }

    /** Back to the queue as it was filtered; only console paths. */
    private static String back(String back) {
        return back != null && back.startsWith("/console/") && !back.startsWith("//")
                ? back : UriComponentsBuilder.fromPath("/console/exceptions").toUriString();
    }
}
