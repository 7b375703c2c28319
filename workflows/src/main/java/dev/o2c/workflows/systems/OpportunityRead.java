package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.EngagementDraft;

/**
 * A won opportunity and its account as read from CRM, not yet validated.
 *
 * @param draft the lenient canonical shape; {@code EngagementValidation} turns it into an {@code Engagement}
 * @param attempt the activity attempt that succeeded
 */
public record OpportunityRead(EngagementDraft draft, int attempt) {}
