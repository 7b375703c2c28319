package dev.o2c.devstack;

/** A failure to start or run the local stack, with a message meant for the developer at the console. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
