package dev.o2c.starter.events;

import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;

/**
 * The API's event id {@code {system}:{eventId}}: an event id is unique per system only, and a system name has no
 * colon, so the first colon separates them ({@code crm:evt-1}, {@code psa:a:b} is event {@code a:b} of psa).
 */
public final class EventIds {

    /** An event id: 1 to 100 id characters (docs/contracts.md, "Webhooks"). */
    public static final int MAX_EVENT_ID = 100;

    /** A system and an event id of it. */
    public record Key(String system, String eventId) {}

    private EventIds() {}

    public static String of(String system, String eventId) {
        return system + ":" + eventId;
    }

    /**
     * @throws ApiProblem {@code 400 validation-failed} (field {@code id}) when it is not {@code {system}:{eventId}}
     */
    public static Key parse(String id) {
        int colon = id == null ? -1 : id.indexOf(':');
        if (colon <= 0 || !Ids.isSafe(id.substring(0, colon), 20)
                || !Ids.isSafe(id.substring(colon + 1), MAX_EVENT_ID)) {
            throw ApiProblem.invalidField("id", "is {system}:{eventId}, e.g. crm:evt-1 (an event id is 1 to "
                    + MAX_EVENT_ID + " letters, digits and . _ : -)");
        }
        return new Key(id.substring(0, colon), id.substring(colon + 1));
    }
}
