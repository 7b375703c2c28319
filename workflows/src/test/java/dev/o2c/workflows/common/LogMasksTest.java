package dev.o2c.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMasksTest {

    @Test
    void masksAnEmailAddress() {
        assertThat(LogMasks.email("jane.doe@example.com")).isEqualTo("j***@***.com");
        assertThat(LogMasks.email("not an address")).isEqualTo("***");
        assertThat(LogMasks.email(null)).isNull();
    }

    @Test
    void masksATaxIdButTheCountryAndLastDigits() {
        assertThat(LogMasks.taxId("DE123456789")).isEqualTo("DE******789");
        assertThat(LogMasks.taxId("DE1")).isEqualTo("***");
        assertThat(LogMasks.taxId(null)).isNull();
    }

    @Test
    void scrubsFreeText() {
        String text = "Validation failed: taxId DE999999999 of owner ops.lead@muster.example is already used"
                + " (erp POST /customers → HTTP 400), also ATU12345678";
        assertThat(LogMasks.scrub(text))
                .isEqualTo("Validation failed: taxId DE******999 of owner o***@***.example is already used"
                        + " (erp POST /customers → HTTP 400), also AT******678");
    }

    @Test
    void leavesIdsAndWordsAlone() {
        String text = "opportunity opp-1234abcd: step erp.upsertCustomer completed (key wf-1/erp/2), HTTP 409,"
                + " INVOICING 2027-01-04, ERP";
        assertThat(LogMasks.scrub(text)).isEqualTo(text);
        assertThat(LogMasks.scrub(null)).isNull();
    }
}
