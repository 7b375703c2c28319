package dev.o2c.devstack.demo;

import java.time.LocalDate;

/**
 * How the billing and reconciliation benchmarks spread N approved time entries over past days: at least 8 and at
 * most 1000 a day (about 60 days' worth), the last seeded day the day before yesterday, so a bill-now through
 * yesterday takes them all; the contract starts the day before the first seeded day.
 *
 * @param perDay    entries a day
 * @param days      days seeded
 * @param from      the first seeded day
 * @param start     the contract's (and its first rate card's) start
 * @param yesterday the bill-now's {@code through}
 */
record BulkSeed(int perDay, int days, LocalDate from, LocalDate start, LocalDate yesterday) {

    static BulkSeed of(int entries, LocalDate today) {
        LocalDate yesterday = today.minusDays(1);
        int perDay = (int) Math.min(1000, Math.max(8, Math.ceilDiv(entries, 60)));
        int days = Math.ceilDiv(entries, perDay);
        LocalDate from = yesterday.minusDays(days); // the last seeded day is the day before yesterday
        return new BulkSeed(perDay, days, from, from.minusDays(1), yesterday);
    }
}
