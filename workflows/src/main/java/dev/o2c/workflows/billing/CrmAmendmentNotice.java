package dev.o2c.workflows.billing;

import java.time.LocalDate;

/**
 * A {@code contract.amended} event from the CRM, input of the {@code amendFromCrm} update: the workflow reads the
 * amendment's terms from the CRM ({@code crm.readAmendment}) and applies it like an {@link AmendmentRequest} with
 * source {@code crm}.
 */
public record CrmAmendmentNotice(String opportunityId, String amendmentId, int number, LocalDate effectiveFrom,
        String eventId) {}
