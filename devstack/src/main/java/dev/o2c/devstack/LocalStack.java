package dev.o2c.devstack;

public final class LocalStack {
    public static void main(String[] args) {
        System.out.println("local stack: not yet");
    }
}
