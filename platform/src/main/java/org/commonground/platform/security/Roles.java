package org.commonground.platform.security;

/** The realm roles of the Commonground identity provider, as they appear in {@code realm_access.roles}. */
public final class Roles {
    public static final String MEMBER = "member";
    public static final String STEWARD = "steward";
    public static final String PARTNER = "partner";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
