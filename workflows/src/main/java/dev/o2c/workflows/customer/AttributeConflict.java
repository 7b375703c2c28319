package dev.o2c.workflows.customer;

/**
 * A CRM-owned attribute both sides changed since o2c last synced it: the CRM's value, the ERP's value and what o2c
 * last wrote to the ERP (all as {@link MasterAttributes#describe} text).
 */
public record AttributeConflict(String attribute, String crmValue, String erpValue, String lastSynced) {

    /** "taxId: CRM 'DE2' vs ERP 'DE3' (last synced 'DE1')". */
    public String describe() {
        return attribute + ": CRM " + crmValue + " vs ERP " + erpValue + " (last synced " + lastSynced + ")";
    }
}
