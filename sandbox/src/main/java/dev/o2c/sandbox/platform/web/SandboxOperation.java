package dev.o2c.sandbox.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stable operation name of an endpoint within its system (for example {@code customers.upsert} in {@code erp}).
 * Faults target it ({@code POST /sandbox/v1/faults {"system": "erp", "operation": "customers.upsert"}}), and the
 * OpenAPI document lists it as the operation id {@code <system>.<operation>}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface SandboxOperation {

    String value();
}
