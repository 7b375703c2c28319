package dev.o2c.workflows.systems;

/**
 * Result of the ERP customer lookup by external id.
 *
 * @param erpCustomerId ERP's id of the customer, null when the ERP has none with that external id
 * @param status the ERP's status of the customer ({@code ACTIVE}, {@code INACTIVE}), null when none
 * @param attempt the activity attempt that succeeded
 */
public record CustomerLookup(String erpCustomerId, String status, int attempt) {

    public boolean exists() {
        return erpCustomerId != null;
    }
}
