package dev.o2c.starter.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.Map;

/**
 * {@code 200}: the project accepted the amendment (its {@code amend} Update) and the contract below is in force.
 *
 * @param status {@code APPLIED}
 * @param contractVersion the contract version after it
 * @param propagationProcessId the process writing the change to PSA, invoicing, ERP and the CRM,
 *     {@code project-billing-{psaProjectId}-amendment-{number}}
 * @param links {@code projectBilling}, {@code propagation} (the propagation process) and its {@code temporalUi}
 */
public record AmendmentApplied(
        int number,
        @Schema(allowableValues = {"APPLIED", "REFUSED"}) String status,
        int contractVersion,
        ContractTerms contract,
        String propagationProcessId,
        String detail,
        Map<String, URI> links) {}
