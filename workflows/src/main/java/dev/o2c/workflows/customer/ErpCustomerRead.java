package dev.o2c.workflows.customer;

/**
 * The ERP customer of a CRM account (external id = account id) as it is now.
 *
 * @param erpCustomerId null when the ERP has no customer for the account (not provisioned)
 * @param version the ERP's optimistic version, named by the write
 * @param attributes the ERP's current values of the CRM-owned attributes
 * @param lastSynced what o2c last wrote of them (the sync baseline), null when never recorded
 * @param attempt the activity attempt that succeeded
 */
public record ErpCustomerRead(String erpCustomerId, long version, MasterAttributes attributes,
        MasterAttributes lastSynced, int attempt) {

    public static ErpCustomerRead none(int attempt) {
        return new ErpCustomerRead(null, 0, null, null, attempt);
    }

    public boolean exists() {
        return erpCustomerId != null;
    }
}
