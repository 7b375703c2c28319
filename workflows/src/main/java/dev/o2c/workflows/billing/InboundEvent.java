package dev.o2c.workflows.billing;

/**
 * A webhook event o2c could not route when it arrived (e.g. {@code time.approved} for a project whose billing o2c
 * does not run), input of {@link InboundEventWorkflow}.
 *
 * @param target the workflow the event is for ({@code project-billing-{psaProjectId}}), null when unknown
 * @param data the event's {@code data} as JSON text (ids only: no personal data)
 */
public record InboundEvent(String eventId, String system, String type, String businessKey, String target,
        WorkApproved signal, String data, String correlationId) {}
