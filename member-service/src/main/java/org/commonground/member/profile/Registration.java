package org.commonground.member.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a person sends to join: only the name they want to be known by. Identity comes from the token. */
public record Registration(
        @NotBlank(message = "must not be blank") @Size(max = 80, message = "must be at most 80 characters") String displayName) {
}
