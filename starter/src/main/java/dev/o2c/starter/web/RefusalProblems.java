package dev.o2c.starter.web;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.springframework.http.HttpStatus;

/**
 * The problem+json of each refusal of one kind of Update validator (an enum such as {@code BillingRefusal} or
 * {@code CashRefusal}): the refusal's HTTP status, a stable type and title per refusal, {@code reason} the refusal's
 * name, {@code processId} the refusing workflow, and the refusal's text as detail.
 *
 * @param <E> the refusal enum
 */
public final class RefusalProblems<E extends Enum<E>> {

    /** Problem type and title of one refusal. */
    public record Kind(String type, String title) {}

    private final Map<E, Kind> kinds;
    private final ToIntFunction<E> status;

    public RefusalProblems(Class<E> refusals, Map<E, Kind> kinds, ToIntFunction<E> status) {
        this.kinds = new EnumMap<>(refusals);
        this.kinds.putAll(kinds);
        this.status = status;
        for (E refusal : refusals.getEnumConstants()) {
            if (!this.kinds.containsKey(refusal)) {
                throw new IllegalArgumentException("no problem type for refusal " + refusal);
            }
        }
    }

    /** The problem of a refusal, with {@code reason} and {@code processId}. */
    public ApiProblem problem(E refusal, String text, String workflowId) {
        Kind kind = kinds.get(refusal);
        String detail = text == null || text.isBlank() ? "Process " + workflowId + " refused: " + refusal : text;
        return new ApiProblem(HttpStatus.valueOf(status.applyAsInt(refusal)), kind.type(), kind.title(), detail)
                .with("reason", refusal.name())
                .with("processId", workflowId);
    }
}
