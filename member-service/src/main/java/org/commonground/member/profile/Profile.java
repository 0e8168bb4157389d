package org.commonground.member.profile;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.validation.PlainText;

/**
 * What a member tells the community about themselves: sent whole to join and to update (fields left out are
 * cleared). The id, the role and the dates are not part of it: a request that sends them is refused.
 */
public record Profile(
        @NotBlank(message = "must not be blank") @Size(max = 80, message = "must be at most 80 characters") @PlainText String displayName,
        @Size(max = 40, message = "must be at most 40 characters") @PlainText String pronouns,
        @Size(max = 1000, message = "must be at most 1000 characters") @PlainText(multiline = true) String bio,
        @Size(max = 30, message = "must list at most 30 skills") List<
                @NotBlank(message = "must not be blank") @Size(max = 40, message = "must be at most 40 characters") @PlainText String> skills,
        @Size(max = 10, message = "must list at most 10 languages") List<
                @NotBlank(message = "must be a language tag such as en or pt-BR")
                @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a language tag such as en or pt-BR") String> languages,
        @Size(max = 80, message = "must be at most 80 characters") @PlainText String locationArea,
        @Size(max = 254, message = "must be at most 254 characters") @Email(message = "must be an email address") @PlainText String contactEmail) {

    void applyTo(Member member) {
        member.displayName = displayName.strip();
        member.pronouns = blankToNull(pronouns);
        member.bio = blankToNull(bio);
        member.skills = distinct("skills", skills);
        member.languages = distinct("languages", languages);
        member.locationArea = blankToNull(locationArea);
        member.contactEmail = blankToNull(contactEmail);
    }

    /** Skills and languages are sets that keep the member's order and spelling; a repeat is a mistake worth naming. */
    private static List<String> distinct(String field, List<String> values) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String value : values == null ? List.<String>of() : values) {
            String stripped = value.strip();
            if (seen.putIfAbsent(stripped.toLowerCase(Locale.ROOT), stripped) != null) {
                throw ProblemException.invalid(field, "lists '" + stripped + "' twice");
            }
        }
        return new ArrayList<>(seen.values());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A member's own view of their profile, everything included. */
    public record Own(java.util.UUID id, String displayName, String pronouns, String bio, List<String> skills,
            List<String> languages, String locationArea, String contactEmail, Instant joinedAt, Instant updatedAt) {

        public static Own of(Member m) {
            return new Own(m.id, m.displayName, m.pronouns, m.bio, List.copyOf(m.skills), List.copyOf(m.languages),
                    m.locationArea, m.contactEmail, m.joinedAt, m.updatedAt);
        }
    }
}
