package dev.o2c.starter.cash;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/invoices/{invoiceId}/void}. */
public record VoidBody(
        @Schema(description = "why the invoice is voided", example = "wrong customer entity")
        @NotBlank @Size(max = 500) String reason,
        @Schema(description = "bill the released entries again at once (a corrected invoice linked to this one);"
                + " false or absent leaves them for the next billing run", example = "true") Boolean reissue) {

    public boolean reissueRequested() {
        return Boolean.TRUE.equals(reissue);
    }
}
