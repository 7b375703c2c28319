package dev.o2c.sandbox.platform.data;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Postal address; {@code country} is ISO 3166-1 alpha-2. */
public record Address(
        @Size(max = 200) String line1,
        @Size(max = 200) String line2,
        @Size(max = 100) String city,
        @Size(max = 20) String postalCode,
        @Size(max = 100) String region,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as US") String country) {
}
