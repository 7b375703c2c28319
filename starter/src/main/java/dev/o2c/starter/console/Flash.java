package dev.o2c.starter.console;

import dev.o2c.starter.web.ApiProblem;
import java.util.List;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The messages an action leaves for the page it redirects to. */
public final class Flash {

    /** A refusal as the page shows it: the API problem's title and detail. */
    public record Problem(int status, String title, String detail) {}

    /** One row of a bulk action: what happened to one exception. */
    public record Result(String exceptionId, String workflowId, boolean accepted, String message) {}

    private Flash() {
    }

    static Problem problem(ApiProblem problem) {
        return new Problem(problem.status().value(), problem.title(), problem.getMessage());
    }

    static void notice(RedirectAttributes flash, String text) {
        flash.addFlashAttribute("notice", text);
    }

    static void problem(RedirectAttributes flash, ApiProblem problem) {
        flash.addFlashAttribute("problem", problem(problem));
    }

    static void forbidden(RedirectAttributes flash, String detail) {
        flash.addFlashAttribute("problem", new Problem(403, "Forbidden", detail));
    }

    static void results(RedirectAttributes flash, String title, List<Result> results) {
        flash.addFlashAttribute("resultsTitle", title);
        flash.addFlashAttribute("results", results);
    }
}
