package org.commonground.initiative.partnership;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.commonground.platform.validation.PlainText;

/**
 * What a steward writes down to start a partnership: its name, the partner, the purpose both sides share, the member
 * needs it addresses and what each side brings. {@code partnerOrganization} is the partner's id in the identity
 * provider, which lets the partner's own clients read it.
 */
public record NewPartnership(
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") @PlainText String name,
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") @PlainText String partnerName,
        @NotBlank(message = "must not be blank") @Size(min = 20, max = 4000, message = "must be 20 to 4000 characters: say what both sides set out to do together") @PlainText(multiline = true) String purpose,
        @NotBlank(message = "must not be blank: which needs of members does it serve?") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String memberNeeds,
        @NotBlank(message = "must not be blank") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String partnerContributes,
        @NotBlank(message = "must not be blank") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String communityContributes,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}", message = "must be the partner's organization id, such as acme") String partnerOrganization) {
}
