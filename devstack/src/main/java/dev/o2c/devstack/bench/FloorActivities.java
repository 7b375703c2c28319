package dev.o2c.devstack.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The floor's one activity: an HTTP call to the bench's local endpoint. */
@ActivityInterface
public interface FloorActivities {

    /** POSTs a small JSON body naming {@code step} and {@code key} to the endpoint; returns the answer's body. */
    @ActivityMethod
    String call(String step, String key);
}
