package dev.o2c.sandbox.platform.data;

public enum BillingModel {
    TIME_AND_MATERIALS, FIXED_FEE, MILESTONE, RETAINER
}
