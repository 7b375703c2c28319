package dev.o2c.workflows.systems;

/** A CRM task for a person (e.g. the account owner when a parked process aborted by itself). */
public record CrmTask(String accountId, String opportunityId, String subject, String body, String assignee) {}
