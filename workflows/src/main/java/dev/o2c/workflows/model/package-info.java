/**
 * The canonical model every o2c process speaks: immutable, validated records that are safe to use inside
 * Temporal workflow code.
 *
 * <p>Rules for everything in this package:
 * <ul>
 *   <li>Deterministic and dependency-free: only the JDK ({@code java.lang}, {@code java.math},
 *       {@code java.time}, {@code java.util}) and {@code com.fasterxml.jackson.annotation}. No clocks, no
 *       randomness, no I/O. Enforced by {@code dev.o2c.workflows.ArchitectureTest}.</li>
 *   <li>Every record validates itself in its compact constructor and throws {@link IllegalArgumentException}
 *       (or {@link CurrencyMismatchException}) with a message naming the offending field. An instance that
 *       exists is valid.</li>
 *   <li>Optional values are plain nullable components (never {@code java.util.Optional}), so they survive
 *       Temporal's default Jackson data converter unchanged. Blank optional strings are normalised to
 *       {@code null}; {@code null} lists are normalised to empty lists; lists are copied with
 *       {@link java.util.List#copyOf}.</li>
 *   <li>Money amounts are JSON strings ({@code {"amount":"12.30","currency":"EUR"}}) rounded HALF_UP to the
 *       currency's minor unit; quantities and hours are JSON numbers in canonical form (no trailing zeros).
 *       Dates are ISO-8601 strings ({@code "2025-01-31"}).</li>
 *   <li>Data read from CRM enters through the lenient {@link EngagementDraft}; {@link EngagementValidation}
 *       turns it into an {@link Engagement} or a complete list of {@link Violation}s and never throws.</li>
 * </ul>
 */
package dev.o2c.workflows.model;
