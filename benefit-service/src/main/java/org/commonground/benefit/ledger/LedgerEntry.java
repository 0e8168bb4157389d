package org.commonground.benefit.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One entry (one leg of a movement) of a partnership's ledger, and its place in the hash chain.
 * <p>
 * The canonical text an entry's hash covers is its fields, in this order, joined by {@code |}, with {@code -} for an
 * absent value, followed by the previous entry's hash:
 * <pre>
 * v1|partnershipId|seq|movementId|kind|account|unit|amount|contributionId|poolId|allocationId|policyVersion|occurredOn|recordedAt|previousHash
 * </pre>
 * ids are lower-case UUIDs; {@code amount} is a plain decimal without trailing zeros ({@code 12.5}, {@code -3},
 * {@code 0}); {@code occurredOn} is {@code yyyy-MM-dd}; {@code recordedAt} is UTC with six decimals
 * ({@code 2026-11-29T18:41:02.123456Z}). {@code hash = lowercase hex(SHA-256(UTF-8 of that text))}. The first entry's
 * previous hash is 64 zeros.
 */
public record LedgerEntry(UUID partnershipId, long seq, UUID movementId, String kind, String account, String unit,
        BigDecimal amount, UUID contributionId, UUID poolId, UUID allocationId, Integer policyVersion, LocalDate occurredOn,
        Instant recordedAt, String previousHash, String hash) {

    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter RECORDED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The time an entry records, as precise as the database keeps it. */
    public static Instant recordedAt(Instant now) {
        return now.truncatedTo(ChronoUnit.MICROS);
    }

    public String canonical() {
        return String.join("|", "v1", partnershipId.toString(), Long.toString(seq), movementId.toString(), kind, account, unit,
                plain(amount), text(contributionId), text(poolId), text(allocationId), text(policyVersion),
                text(occurredOn), RECORDED_AT.format(recordedAt), previousHash);
    }

    /** The hash this entry's content and place in the chain call for. */
    public String expectedHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This entry, sealed: its hash set from its content. */
    public LedgerEntry sealed() {
        LedgerEntry unsealed = this;
        return new LedgerEntry(partnershipId, seq, movementId, kind, account, unit, amount, contributionId, poolId, allocationId,
                policyVersion, occurredOn, recordedAt, previousHash, unsealed.expectedHash());
    }

    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
