package dev.o2c.starter.console;

import dev.o2c.starter.exception.ResolutionAccepted;
import dev.o2c.starter.exception.ResolutionRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.ResolutionAction;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/** The console's decision words (the API's path segments: retry, skip, abort) and its messages about them. */
final class Decisions {

    private Decisions() {
    }

    static ResolutionAction action(String segment) {
        return switch (segment) {
            case "retry" -> ResolutionAction.RETRY;
            case "skip" -> ResolutionAction.SKIP;
            case "abort" -> ResolutionAction.ABORT;
            default -> throw new ApiProblem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                    "No decision " + segment + ": retry, skip or abort");
        };
    }

    static ResolutionRequest note(String note) {
        return note == null || note.isBlank() ? null : new ResolutionRequest(note.strip());
    }

    static String accepted(ResolutionAccepted accepted) {
        return accepted.action().substring(0, 1) + accepted.action().substring(1).toLowerCase(Locale.ROOT)
                + " of exception " + accepted.exceptionId() + " (step " + accepted.step() + ") taken by "
                + accepted.workflowId() + ", decided by " + accepted.actor();
    }
}
