package org.commonground.member.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.member.profile.Member;

/**
 * Another member as the directory shows them: only what they made visible. Without directory-listing there is
 * nothing but the id; the contact email only with partner-contact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberCard(UUID id, boolean listed, String displayName, String pronouns, String bio, List<String> skills,
        List<String> languages, String locationArea, String contactEmail) {

    static MemberCard unlisted(UUID id) {
        return new MemberCard(id, false, null, null, null, null, null, null, null);
    }

    static MemberCard listed(Member m, boolean contactAllowed) {
        return new MemberCard(m.id, true, m.displayName, m.pronouns, m.bio, List.copyOf(m.skills),
                List.copyOf(m.languages), m.locationArea, contactAllowed ? m.contactEmail : null);
    }

    /** The personal fields this card shows, for the member's access log. */
    List<String> fieldsShown() {
        List<String> fields = new ArrayList<>();
        if (!listed) {
            return fields;
        }
        fields.add("displayName");
        addIf(fields, "pronouns", pronouns);
        addIf(fields, "bio", bio);
        if (!skills.isEmpty()) {
            fields.add("skills");
        }
        if (!languages.isEmpty()) {
            fields.add("languages");
        }
        addIf(fields, "locationArea", locationArea);
        addIf(fields, "contactEmail", contactEmail);
        return fields;
    }

    private static void addIf(List<String> fields, String name, String value) {
        if (value != null) {
            fields.add(name);
        }
    }
}
