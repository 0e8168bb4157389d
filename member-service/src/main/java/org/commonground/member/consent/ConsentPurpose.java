package org.commonground.member.consent;

import java.time.Period;
import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed catalog of what a member may allow to be done with their data. Every purpose starts not granted. The
 * words a member reads before deciding are the purpose's notice ({@link ConsentNotice}), versioned and translated;
 * what is fixed here is whether a consent may be limited to one partnership and how long it may last at most.
 */
public enum ConsentPurpose {
    DIRECTORY_LISTING("directory-listing", false, null),
    PUBLIC_RECOGNITION("public-recognition", false, null),
    PARTNER_PROFILE_SHARING("partner-profile-sharing", true, Period.ofMonths(12)),
    PARTNER_CONTACT("partner-contact", true, Period.ofMonths(12)),
    IMPACT_STORIES("impact-stories", true, Period.ofMonths(24));

    private final String slug;
    private final boolean scopable;
    private final Period longest;

    ConsentPurpose(String slug, boolean scopable, Period longest) {
        this.slug = slug;
        this.scopable = scopable;
        this.longest = longest;
    }

    public String slug() {
        return slug;
    }

    /** Whether a member may limit this consent to one partnership. */
    public boolean scopable() {
        return scopable;
    }

    /** How long one grant lasts at most before it lapses (data shared with partners is re-confirmed), or empty. */
    public Optional<Period> longest() {
        return Optional.ofNullable(longest);
    }

    public static Optional<ConsentPurpose> of(String slug) {
        return Arrays.stream(values()).filter(p -> p.slug.equals(slug)).findFirst();
    }
}
