package dev.o2c.sandbox.platform.web;

/** One entry of a validation problem's {@code errors} property. */
public record FieldProblem(String field, String message) {
}
