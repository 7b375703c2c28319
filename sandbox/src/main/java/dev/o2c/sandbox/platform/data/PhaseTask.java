package dev.o2c.sandbox.platform.data;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;

public record PhaseTask(@NotBlank String name, @PositiveOrZero BigDecimal estimateHours) {
}
