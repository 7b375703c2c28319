package dev.o2c.sandbox.platform.web;

import java.util.UUID;

/** Readable, prefixed, server-generated ids such as {@code acc_3f2a9c0e4b1d4e6f8a7b5c9d0e1f2a3b}. */
public final class Ids {

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
