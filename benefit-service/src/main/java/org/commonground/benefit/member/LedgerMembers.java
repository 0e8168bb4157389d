package org.commonground.benefit.member;

import io.smallrye.mutiny.Uni;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;

/**
 * Members as the ledger names them. Each member gets a random pseudonym the first time the ledger needs one; it never
 * changes and is not derived from anything about them, so the public ledger can name accounts without naming people.
 */
public final class LedgerMembers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

    private LedgerMembers() {
    }

    /** The member's pseudonym, created on first use. */
    public static Uni<String> pseudonymOf(UUID memberId) {
        return NativeSql.update("INSERT INTO ledger_member (member_id, pseudonym) VALUES (?1, ?2) ON CONFLICT (member_id) DO NOTHING",
                        memberId, newPseudonym())
                .chain(() -> NativeSql.texts("SELECT pseudonym FROM ledger_member WHERE member_id = ?1", memberId))
                .map(list -> list.get(0));
    }

    /** The member who calls (by the subject of their token); a caller not known as a member here is told so. */
    public static Uni<UUID> memberOf(String subject) {
        return NativeSql.ids("SELECT member_id FROM ledger_member WHERE subject = ?1 AND erased_at IS NULL", subject)
                .map(ids -> {
                    if (ids.isEmpty()) {
                        throw ProblemException.notFound("You are not known here as a member yet: join the community first"
                                + " (POST /api/members); it takes a moment to reach this service.");
                    }
                    return ids.get(0);
                });
    }

    static String newPseudonym() {
        StringBuilder name = new StringBuilder("m-");
        for (int i = 0; i < 10; i++) {
            name.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return name.toString();
    }
}
