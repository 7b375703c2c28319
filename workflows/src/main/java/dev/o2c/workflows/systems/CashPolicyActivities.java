package dev.o2c.workflows.systems;

import io.temporal.activity.ActivityInterface;

/**
 * The worker's invoice-to-cash settings, read by the workflow as a <em>local</em> activity when an invoice's process
 * starts (so the history records the schedule the invoice is chased on).
 */
@ActivityInterface(namePrefix = "CashPolicy.")
public interface CashPolicyActivities {

    DunningPolicy dunningPolicy();
}
