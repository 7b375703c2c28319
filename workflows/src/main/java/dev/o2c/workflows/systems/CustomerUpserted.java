package dev.o2c.workflows.systems;

/**
 * Result of the ERP customer upsert.
 *
 * @param erpCustomerId ERP's id of the customer
 * @param created true when this call created it, false when it existed and was updated
 * @param attempt the activity attempt that succeeded
 */
public record CustomerUpserted(String erpCustomerId, boolean created, int attempt) {}
