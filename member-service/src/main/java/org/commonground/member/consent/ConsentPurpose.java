package org.commonground.member.consent;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed catalog of what a member may allow to be done with their data. Each purpose has a plain-language
 * notice with a version; a consent records the version the member saw. Every purpose starts not granted.
 * Changing a notice's words means raising its version.
 */
public enum ConsentPurpose {
    DIRECTORY_LISTING("directory-listing", "Be listed in the member directory", 1, false,
            "Other members and stewards can find you in the directory and see your display name, pronouns, skills, "
                    + "languages, area and bio. Your contact email stays hidden unless you also allow partner contact. "
                    + "You can stop this at any time; nothing else changes for you."),
    PUBLIC_RECOGNITION("public-recognition", "Be named in public recognition", 1, false,
            "Your display name may appear on public pages next to the work you did (showcases, thank-you lists, "
                    + "the public dashboard). Without this, your work still counts and is shown without your name."),
    PARTNER_PROFILE_SHARING("partner-profile-sharing", "Share my profile with a partner", 1, true,
            "A partner organization of an initiative you take part in may see your name and skills instead of a "
                    + "pseudonym. You can allow this for one partnership or for all, and withdraw it at any time; the "
                    + "partner stops seeing it on its next request."),
    PARTNER_CONTACT("partner-contact", "Let a partner contact me", 1, true,
            "A partner organization may see your contact email to reach you about an initiative you take part in. "
                    + "For one partnership or for all; withdraw at any time."),
    IMPACT_STORIES("impact-stories", "Tell stories of my impact", 1, true,
            "Your showcases and stories of your contributions may be published, named, on public pages and in "
                    + "partners' reports. Withdrawing unpublishes them everywhere.");

    private final String slug;
    private final String title;
    private final int noticeVersion;
    private final boolean scopable;
    private final String notice;

    ConsentPurpose(String slug, String title, int noticeVersion, boolean scopable, String notice) {
        this.slug = slug;
        this.title = title;
        this.noticeVersion = noticeVersion;
        this.scopable = scopable;
        this.notice = notice;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int noticeVersion() {
        return noticeVersion;
    }

    /** Whether a member may limit this consent to one partnership. */
    public boolean scopable() {
        return scopable;
    }

    public String notice() {
        return notice;
    }

    public static Optional<ConsentPurpose> of(String slug) {
        return Arrays.stream(values()).filter(p -> p.slug.equals(slug)).findFirst();
    }
}
