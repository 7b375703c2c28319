package dev.o2c.workflows.cash;

import java.time.Instant;

/**
 * One dunning stage (1 = first reminder).
 *
 * @param dueAt when it is (or was) due, holds included
 * @param reminderId the invoicing platform's reminder, once sent
 * @param crmTaskCreated whether the account owner's CRM task was opened
 */
public record ReminderView(int stage, int daysOverdue, Instant dueAt, Instant sentAt, String reminderId,
        boolean crmTaskCreated) {}
