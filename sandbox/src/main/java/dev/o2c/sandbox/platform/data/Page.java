package dev.o2c.sandbox.platform.data;

import java.util.List;

/** One page of a list asked for with {@code limit}, {@code after} or {@code cursor}; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
