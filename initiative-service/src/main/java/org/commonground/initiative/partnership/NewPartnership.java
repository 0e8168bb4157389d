package org.commonground.initiative.partnership;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a steward writes down to start a partnership: its name, the partner, and the purpose both sides share. */
public record NewPartnership(
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") String name,
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") String partnerName,
        @NotBlank(message = "must not be blank") @Size(min = 20, max = 4000, message = "must be 20 to 4000 characters: say what both sides set out to do together") String purpose) {
}
