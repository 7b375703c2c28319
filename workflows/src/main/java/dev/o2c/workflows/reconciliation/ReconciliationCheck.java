package dev.o2c.workflows.reconciliation;

/** The four comparisons a reconciliation runs, each a walk over one system's list in pages. */
public enum ReconciliationCheck {
    /** Won opportunities ↔ PSA projects ↔ ERP projects ↔ billing plans. */
    PROVISIONING("provisioning"),
    /** PSA approved time and expenses ↔ invoice lines. */
    WORK("work"),
    /** Invoices ↔ ERP receivables: amount, balance, status. */
    RECEIVABLES("receivables"),
    /** Payments in the invoicing platform ↔ payments applied in the ERP. */
    PAYMENTS("payments");

    private final String code;

    ReconciliationCheck(String code) {
        this.code = code;
    }

    /** The wire name, as used in the API and the ledger. */
    public String code() {
        return code;
    }

    public static ReconciliationCheck fromCode(String code) {
        for (ReconciliationCheck check : values()) {
            if (check.code.equals(code)) {
                return check;
            }
        }
        throw new IllegalArgumentException("unknown reconciliation check: " + code);
    }
}
