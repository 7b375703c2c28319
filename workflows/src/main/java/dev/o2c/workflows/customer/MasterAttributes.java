package dev.o2c.workflows.customer;

import dev.o2c.workflows.model.Address;
import java.util.List;

/**
 * The customer attributes the CRM owns (docs/processes.md, "Customer master data"): they flow CRM → ERP after
 * provisioning. A null value is "none": the CRM having none changes nothing in the ERP.
 */
public record MasterAttributes(String name, String taxId, Address billingAddress) {

    public static final String NAME = "name";
    public static final String TAX_ID = "taxId";
    public static final String BILLING_ADDRESS = "billingAddress";
    /** Every CRM-owned attribute, in the order they are compared and reported. */
    public static final List<String> ALL = List.of(NAME, TAX_ID, BILLING_ADDRESS);

    /** The value of attribute {@code attribute} (one of {@link #ALL}). */
    public Object get(String attribute) {
        return switch (attribute) {
            case NAME -> name;
            case TAX_ID -> taxId;
            case BILLING_ADDRESS -> billingAddress;
            default -> throw new IllegalArgumentException("not a CRM-owned attribute: " + attribute);
        };
    }

    /** A copy with {@code attribute} set to {@code value}. */
    public MasterAttributes with(String attribute, Object value) {
        return switch (attribute) {
            case NAME -> new MasterAttributes((String) value, taxId, billingAddress);
            case TAX_ID -> new MasterAttributes(name, (String) value, billingAddress);
            case BILLING_ADDRESS -> new MasterAttributes(name, taxId, (Address) value);
            default -> throw new IllegalArgumentException("not a CRM-owned attribute: " + attribute);
        };
    }

    /** None of the attributes. */
    public static MasterAttributes none() {
        return new MasterAttributes(null, null, null);
    }

    /** One value for people: an address as "line1, postal code city, country". */
    public static String describe(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof Address a) {
            return a.line1() + (a.line2() == null ? "" : ", " + a.line2()) + ", " + a.postalCode() + " " + a.city()
                    + (a.region() == null ? "" : ", " + a.region()) + ", " + a.country();
        }
        return "'" + value + "'";
    }
}
