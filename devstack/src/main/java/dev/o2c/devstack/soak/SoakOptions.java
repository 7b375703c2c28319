package dev.o2c.devstack.soak;

import java.time.Duration;
import java.util.Locale;

/**
 * What one chaos soak does: {@code sagas} deals won, {@code kills} SIGKILLs of the worker, {@code faultRate} the share
 * of every call to every system that fails (transient 503 and rate-limit 429, half each), {@code seed} for every
 * random choice of the soak (which moments the worker dies at; the sandbox draws its faults itself), {@code timeout}
 * for the whole drive until every process settled.
 */
public record SoakOptions(int sagas, int kills, double faultRate, long seed, Duration timeout) {

    public static final String USAGE = "usage: ./o2c soak [--sagas N] [--kills K] [--fault-rate R] [--seed S]"
            + " [--timeout-minutes M]   (defaults: 1000 sagas, 10 kills, 0.3, a random seed, 10 + N/50 minutes)";

    public SoakOptions {
        if (sagas < 4) {
            throw new IllegalArgumentException("--sagas must be at least 4 (some are parked on purpose), was " + sagas);
        }
        if (kills < 0) {
            throw new IllegalArgumentException("--kills must be 0 or more, was " + kills);
        }
        if (!(faultRate >= 0 && faultRate < 1)) {
            throw new IllegalArgumentException("--fault-rate must be in [0, 1), was " + faultRate);
        }
    }

    /** How many deals are parked on purpose for operator decisions: about one in 25, at least 2 of each kind. */
    public int parkedOnPurpose() {
        return Math.max(2, sagas / 50);
    }

    /** Parses {@code --sagas N --kills K --fault-rate R --seed S --timeout-minutes M}; anything else is refused. */
    public static SoakOptions parse(String... args) {
        int sagas = 1000;
        int kills = 10;
        double rate = 0.3;
        long seed = System.nanoTime();
        Integer timeoutMinutes = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value; " + USAGE);
            }
            String value = args[++i].replace("_", "");
            switch (name) {
                case "--sagas" -> sagas = Integer.parseInt(value);
                case "--kills" -> kills = Integer.parseInt(value);
                case "--fault-rate" -> rate = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--timeout-minutes" -> timeoutMinutes = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "; " + USAGE);
            }
        }
        Duration timeout = Duration.ofMinutes(timeoutMinutes != null ? timeoutMinutes : 10 + sagas / 50);
        return new SoakOptions(sagas, kills, rate, seed, timeout);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d sagas, %d worker kills, fault rate %.2f, seed %d, timeout %d min",
                sagas, kills, faultRate, seed, timeout.toMinutes());
    }
}
