package dev.o2c.sandbox.erp;

import dev.o2c.sandbox.erp.ErpModels.ExchangeRate;
import dev.o2c.sandbox.erp.ErpModels.ExchangeRateRequest;
import dev.o2c.sandbox.erp.ErpModels.Receivable;
import dev.o2c.sandbox.erp.ErpModels.ReceivableAmountRequest;
import dev.o2c.sandbox.erp.ErpModels.TaxRate;
import dev.o2c.sandbox.erp.ErpModels.TaxRateRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox-only ERP data for tests: ADMIN rates (deleted by {@code POST /sandbox/v1/reset}) and hand edits of
 * receivables.
 */
@RestController
@Tag(name = "sandbox", description = "Faults, snapshot, webhook events, reset")
public class ErpAdminController {

    private final ErpService erp;

    public ErpAdminController(ErpService erp) {
        this.erp = erp;
    }

    /** Adds or replaces an ADMIN exchange rate; a SEEDED one (same pair and effectiveFrom) is 409. */
    @PostMapping("/sandbox/v1/erp/exchange-rates")
    public ExchangeRate setExchangeRate(@Valid @RequestBody ExchangeRateRequest request) {
        return erp.setExchangeRate(request);
    }

    /**
     * A hand edit of a receivable's amount (its balance moves by the difference), as a clerk might make it: for tests
     * of reconciliation, which finds the receivable no longer matching its invoice.
     */
    @PostMapping("/sandbox/v1/erp/receivables/{id}/amount")
    public Receivable setReceivableAmount(@PathVariable String id, @Valid @RequestBody ReceivableAmountRequest request) {
        return erp.setAmount(id, request.amount());
    }

    /** Adds or replaces an ADMIN tax rate; a SEEDED one is 409. */
    @PostMapping("/sandbox/v1/erp/tax-rates")
    public TaxRate setTaxRate(@Valid @RequestBody TaxRateRequest request) {
        return erp.setTaxRate(request);
    }
}
