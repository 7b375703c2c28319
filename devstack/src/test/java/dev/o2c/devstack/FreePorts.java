package dev.o2c.devstack;

import java.util.List;

/** Ports nothing listens on right now, all different. */
final class FreePorts {

    private FreePorts() {
    }

    static List<Integer> take(int count) {
        return IsolatedStack.freePorts(count);
    }
}
