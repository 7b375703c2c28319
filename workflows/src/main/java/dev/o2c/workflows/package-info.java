/** Canonical model, workflow and activity interfaces and workflow implementations (deterministic code only). */
package dev.o2c.workflows;
