package dev.o2c.workflows.common;

/** The team that owns an exception record: who must act to unblock a parked process. */
public enum OwnerTeam {
    SALES_OPS("sales-ops"),
    PMO("pmo"),
    FINANCE_OPS("finance-ops"),
    IT("it");

    private final String code;

    OwnerTeam(String code) {
        this.code = code;
    }

    /** The wire name, as used in the API and the ledger. */
    public String code() {
        return code;
    }

    public static OwnerTeam fromCode(String code) {
        for (OwnerTeam team : values()) {
            if (team.code.equals(code)) {
                return team;
            }
        }
        throw new IllegalArgumentException("unknown owner team: " + code);
    }
}
