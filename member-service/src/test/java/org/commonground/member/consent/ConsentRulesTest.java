package org.commonground.member.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.commonground.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** When consents lapse and which reminder is due, in plain Java. */
class ConsentRulesTest {

    private static final Instant NOW = Instant.parse("2027-03-10T12:00:00Z");

    @Test
    void aCommunityPurposeHoldsUntilWithdrawnUnlessTheMemberChoosesADay() {
        assertNull(ConsentRules.expiry(ConsentPurpose.DIRECTORY_LISTING, null, NOW));
        assertEquals(Instant.parse("2027-06-01T00:00:00Z"),
                ConsentRules.expiry(ConsentPurpose.DIRECTORY_LISTING, LocalDate.parse("2027-06-01"), NOW));
    }

    @Test
    void aPartnerPurposeLapsesAfterTwelveMonthsAtMost() {
        assertEquals(Instant.parse("2028-03-10T12:00:00Z"), ConsentRules.expiry(ConsentPurpose.PARTNER_CONTACT, null, NOW));
        assertThrows(ProblemException.class,
                () -> ConsentRules.expiry(ConsentPurpose.PARTNER_CONTACT, LocalDate.parse("2028-03-12"), NOW));
    }

    @Test
    void anExpiryMustBeAfterToday() {
        assertThrows(ProblemException.class, () -> ConsentRules.expiry(ConsentPurpose.IMPACT_STORIES, LocalDate.parse("2027-03-10"), NOW));
    }

    @Test
    void remindersAreDueAt30And7DaysEachOnce() {
        Instant expires = NOW.plus(Duration.ofDays(40));
        assertEquals(Optional.empty(), ConsentRules.reminderDue(expires, null, NOW));
        assertEquals(Optional.of(30), ConsentRules.reminderDue(expires, null, NOW.plus(Duration.ofDays(10))));
        assertEquals(Optional.empty(), ConsentRules.reminderDue(expires, 30, NOW.plus(Duration.ofDays(11))));
        assertEquals(Optional.of(7), ConsentRules.reminderDue(expires, 30, NOW.plus(Duration.ofDays(33))));
        assertEquals(Optional.empty(), ConsentRules.reminderDue(expires, 7, NOW.plus(Duration.ofDays(39))));
        assertEquals(Optional.empty(), ConsentRules.reminderDue(expires, 7, NOW.plus(Duration.ofDays(41))), "lapsed: no reminder");
    }

    @Test
    void aConsentGrantedCloseToItsExpiryGetsOnlyTheNearestReminder() {
        assertEquals(Optional.of(7), ConsentRules.reminderDue(NOW.plus(Duration.ofDays(5)), null, NOW));
    }
}
