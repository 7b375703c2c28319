package dev.o2c.workflows.common;

/**
 * Names shared by every o2c workflow that takes operator decisions, so the starter can address any of them through an
 * untyped stub.
 *
 * <p>A decision is a Temporal <b>Update</b> named {@value #UPDATE} taking a {@link Resolution} and answering a
 * {@link DecisionAccepted}. Its validator refuses (with an {@code ApplicationFailure} of type
 * {@link FailureTypes#DECISION_REFUSED}, first detail a {@link DecisionRefusal} name) a decision the workflow will not
 * take; a refused update leaves no trace in the workflow's history. The API answers {@code 202} only for an accepted
 * one and {@code 409} otherwise.
 */
public final class Decisions {

    /** The update every parkable o2c workflow takes a {@link Resolution} on. */
    public static final String UPDATE = "decide";

    private Decisions() {}
}
