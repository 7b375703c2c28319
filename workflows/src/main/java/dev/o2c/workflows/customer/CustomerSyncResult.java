package dev.o2c.workflows.customer;

import dev.o2c.workflows.common.ProcessStatus;
import java.util.List;

/**
 * How a customer sync run ended.
 *
 * @param erpCustomerId the ERP customer, null when the account is not provisioned
 * @param written the attributes written to the ERP in this run, in order (an attribute twice if written twice)
 * @param events the event ids this run took (each once)
 */
public record CustomerSyncResult(ProcessStatus status, String erpCustomerId, List<String> written,
        List<String> events, String detail) {

    public CustomerSyncResult {
        written = List.copyOf(written);
        events = List.copyOf(events);
    }
}
