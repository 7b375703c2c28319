package dev.o2c.sandbox.platform.web;

import java.net.URI;

/** Stable RFC 9457 problem type URIs of the sandbox. */
public final class ProblemTypes {

    public static final String BASE = "https://o2c.dev/problems/sandbox/";
    public static final URI VALIDATION = URI.create(BASE + "validation");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(BASE + "idempotency-key-reused");
    public static final URI REJECTED = URI.create(BASE + "rejected");
    public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI INTERNAL = URI.create(BASE + "internal");

    private ProblemTypes() {
    }

    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> REJECTED;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : URI.create(BASE + "http-" + status);
        };
    }
}
