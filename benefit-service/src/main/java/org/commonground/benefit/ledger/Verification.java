package org.commonground.benefit.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Recomputes a ledger's chain entry by entry (plain Java): each entry must follow the one before (seq, previous hash),
 * its hash must match its content, the legs of each movement must net to zero, and the chain must end at the head the
 * service recorded (so a removed last entry is found too).
 */
public final class Verification {

    /** The answer: valid with the head hash, or the first entry that does not match and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(UUID partnershipId, boolean valid, long entries, String headHash, Long firstInvalidSeq, String reason,
            Instant checkedAt) {
    }

    private final UUID partnershipId;
    private long expectedSeq = 1;
    private String previousHash = LedgerEntry.GENESIS;
    private UUID openMovement;
    private final Map<String, BigDecimal> movementNet = new HashMap<>();
    private Long brokenAt;
    private String reason;

    public Verification(UUID partnershipId) {
        this.partnershipId = partnershipId;
    }

    public boolean broken() {
        return brokenAt != null;
    }

    /** Takes the next entry in seq order; after the first mismatch, the rest is not looked at. */
    public void accept(LedgerEntry entry) {
        if (broken()) {
            return;
        }
        if (entry.seq() != expectedSeq) {
            fail(expectedSeq, "entry " + expectedSeq + " is missing (the next entry is " + entry.seq() + ")");
            return;
        }
        if (!entry.previousHash().equals(previousHash)) {
            fail(entry.seq(), "its previous hash is not the hash of the entry before it");
            return;
        }
        if (!entry.hash().equals(entry.expectedHash())) {
            fail(entry.seq(), "its content does not match its hash (recomputed " + entry.expectedHash() + ", recorded " + entry.hash() + ")");
            return;
        }
        if (!entry.movementId().equals(openMovement)) {
            closeMovement(entry.seq() - 1);
            openMovement = entry.movementId();
        }
        movementNet.merge(entry.unit(), entry.amount(), BigDecimal::add);
        previousHash = entry.hash();
        expectedSeq++;
    }

    /** The verdict, given the head the service recorded (seq 0 and the genesis hash when it recorded none). */
    public Result finish(long headSeq, String headHash, Instant now) {
        if (!broken()) {
            closeMovement(expectedSeq - 1);
        }
        if (!broken() && (headSeq != expectedSeq - 1 || !headHash.equals(previousHash))) {
            fail(Math.min(headSeq, expectedSeq - 1) + 1, "the chain ends at entry " + (expectedSeq - 1)
                    + " but the recorded head is entry " + headSeq);
        }
        return broken()
                ? new Result(partnershipId, false, expectedSeq - 1, null, brokenAt, reason, now)
                : new Result(partnershipId, true, expectedSeq - 1, previousHash, null, null, now);
    }

    private void closeMovement(long lastSeq) {
        if (openMovement != null && movementNet.values().stream().anyMatch(v -> v.signum() != 0)) {
            fail(lastSeq, "the legs of movement " + openMovement + " do not net to zero");
        }
        movementNet.clear();
    }

    private void fail(long seq, String why) {
        brokenAt = seq;
        reason = "entry " + seq + ": " + why;
    }
}
