package dev.o2c.activities.cash;

import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.systems.CashPolicyActivities;
import dev.o2c.workflows.systems.DunningPolicy;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The worker's invoice-to-cash settings, a local activity of the workflow worker. {@code o2c.dunning.schedule}
 * ({@code O2C_DUNNING_SCHEDULE}): comma-separated offsets after the due date, each a whole number of days ({@code 15})
 * or a number with a unit {@code s}, {@code m}, {@code h} or {@code d} ({@code 30s}: short local settings).
 * Default {@code 1,15,30}. A malformed schedule stops the worker from starting.
 */
@Component
@ActivityImpl(workers = TaskQueues.WORKFLOWS)
public class CashPolicyActivitiesImpl implements CashPolicyActivities {

    public static final String DEFAULT_SCHEDULE = "1,15,30";

    private final DunningPolicy policy;

    public CashPolicyActivitiesImpl(@Value("${o2c.dunning.schedule:" + DEFAULT_SCHEDULE + "}") String schedule) {
        this.policy = new DunningPolicy(parse(schedule));
    }

    @Override
    public DunningPolicy dunningPolicy() {
        return policy;
    }

    /**
     * @throws IllegalArgumentException for an empty schedule, an offset that is not a positive number of days or of
     *     a unit, or offsets not strictly ascending
     */
    public static List<Duration> parse(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("o2c.dunning.schedule (O2C_DUNNING_SCHEDULE) is empty; expected e.g. "
                    + DEFAULT_SCHEDULE);
        }
        List<Duration> offsets = new ArrayList<>();
        // -1: keep trailing empty parts, so "1,15," and "," are refused rather than silently shortened or emptied
        for (String part : schedule.split(",", -1)) {
            Duration offset = offset(part.strip().toLowerCase(Locale.ROOT), schedule);
            if (!offsets.isEmpty() && offset.compareTo(offsets.getLast()) <= 0) {
                throw new IllegalArgumentException("o2c.dunning.schedule (O2C_DUNNING_SCHEDULE) '" + schedule
                        + "': offsets must be strictly ascending");
            }
            offsets.add(offset);
        }
        return offsets;
    }

    private static Duration offset(String part, String schedule) {
        if (!part.matches("[0-9]{1,6}[smhd]?")) {
            throw new IllegalArgumentException("o2c.dunning.schedule (O2C_DUNNING_SCHEDULE) '" + schedule + "': '"
                    + part + "' is not a number of days (15) or a number with a unit s, m, h or d (30s)");
        }
        char last = part.charAt(part.length() - 1);
        char unit = Character.isDigit(last) ? 'd' : last;
        long value = Long.parseLong(Character.isDigit(last) ? part : part.substring(0, part.length() - 1));
        if (value <= 0) {
            throw new IllegalArgumentException("o2c.dunning.schedule (O2C_DUNNING_SCHEDULE) '" + schedule + "': '"
                    + part + "': offsets must be positive");
        }
        return switch (unit) {
            case 's' -> Duration.ofSeconds(value);
            case 'm' -> Duration.ofMinutes(value);
            case 'h' -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }
}
