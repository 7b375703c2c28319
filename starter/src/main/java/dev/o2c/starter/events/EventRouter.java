package dev.o2c.starter.events;

/**
 * Routes a recorded event again (a replay), as its webhook would: implemented by the webhook service, which settles
 * the event's record with the outcome. Here, not there, so that this package does not depend on the webhooks.
 */
public interface EventRouter {

    /**
     * @param event a verified event taken for a replay (status {@code RECEIVED}, its payload the verified body)
     * @throws dev.o2c.starter.web.ApiProblem the routing's own problem (the event is then REFUSED or FAILED again)
     */
    void route(EventRecord event);
}
