package org.commonground.initiative.disclosure;

import io.smallrye.mutiny.Uni;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/**
 * The rule that follows a disclosure: someone who disclosed an interest in a partnership does not verify its
 * contributions or take its deciding actions; another steward does.
 */
public final class Conflicts {

    private Conflicts() {
    }

    /** Refuses (409, rule conflict-of-interest, naming the disclosure) when the subject disclosed an interest here. */
    public static Uni<Void> requireNone(UUID partnershipId, String subject, String action) {
        return Disclosure.<Disclosure>find("partnershipId = ?1 and discloserSubject = ?2 order by disclosedAt", partnershipId, subject)
                .firstResult().invoke(disclosure -> {
                    if (disclosure != null) {
                        throw ProblemException.ruleBroken("conflict-of-interest", "You disclosed an interest in this partnership ("
                                + disclosure.interest + ", since " + disclosure.since + ", disclosure " + disclosure.id
                                + "): another steward must " + action + ".");
                    }
                }).replaceWithVoid();
    }
}
