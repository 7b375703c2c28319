package dev.o2c.workflows.systems;

/**
 * What o2c writes back to the CRM opportunity once delivery is set up (or undone).
 *
 * @param psaProjectId PSA project id, null when none
 * @param erpCustomerId ERP customer id, null when none
 * @param erpProjectId ERP project id, null when none
 * @param billingPlanId invoicing billing plan id, null when none
 * @param deliveryStatus e.g. {@code READY_FOR_BILLING}
 */
public record DeliveryLinks(
        String psaProjectId, String erpCustomerId, String erpProjectId, String billingPlanId, String deliveryStatus) {}
