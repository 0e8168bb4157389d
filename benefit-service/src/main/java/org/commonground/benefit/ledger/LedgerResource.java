package org.commonground.benefit.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A partnership's ledger, public: every entry with everything its hash covers, so anyone can recompute the chain;
 * members appear by pseudonym, and by display name only while they allow public recognition.
 */
@Path("/api/public/ledger/{partnershipId}")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class LedgerResource {

    /** An entry as published: the hashed fields, and a display name beside a member's account when they allow it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntryView(long seq, UUID movementId, String kind, String account, String unit, String amount, UUID contributionId,
            UUID poolId, UUID allocationId, Integer policyVersion, LocalDate occurredOn, String recordedAt, String previousHash, String hash,
            String displayName) {
    }

    /** An account's balance: the sum of its entries. */
    public record Balance(String account, String unit, String balance, String displayName) {
    }

    /** Every account's balance, and the total per unit (zero, as double entry keeps it). */
    public record Balances(UUID partnershipId, long throughSeq, List<Balance> accounts, Map<String, String> totals) {
    }

    private final Ledger ledger;

    LedgerResource(Ledger ledger) {
        this.ledger = ledger;
    }

    @GET
    @WithSession
    @Operation(summary = "The partnership's ledger entries in order, a page at a time (public); the canonical form each hash covers"
            + " is described in the README")
    public Uni<Page<EntryView>> entries(@PathParam("partnershipId") UUID partnershipId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 1);
        long after = page.first() ? 0 : seq(page.after(0));
        return ledger.entries(partnershipId, after, page.fetchSize()).chain(entries -> names(partnershipId).map(names ->
                page.page(entries, e -> List.of(Long.toString(e.seq())), e -> new EntryView(e.seq(), e.movementId(), e.kind(), e.account(),
                        e.unit(), LedgerEntry.plain(e.amount()), e.contributionId(), e.poolId(), e.allocationId(), e.policyVersion(),
                        e.occurredOn(), e.canonical().split("\\|")[13], e.previousHash(), e.hash(), names.get(pseudonym(e.account()))))));
    }

    @GET
    @Path("/verification")
    @WithSession
    @Operation(summary = "Recompute the partnership's hash chain (public): valid with the head hash, or the first entry that does not match")
    public Uni<Verification.Result> verify(@PathParam("partnershipId") UUID partnershipId) {
        return ledger.verify(partnershipId);
    }

    @GET
    @Path("/balances")
    @WithSession
    @Operation(summary = "Every account's balance as the sum of its entries, and the totals per unit, which net to zero (public)")
    public Uni<Balances> balances(@PathParam("partnershipId") UUID partnershipId) {
        return ledger.headSeq(partnershipId).chain(head -> NativeSql.rows("SELECT account, unit, sum(amount) FROM ledger_entry"
                        + " WHERE partnership_id = ?1 AND seq <= ?2 GROUP BY account, unit ORDER BY unit, account", partnershipId, head)
                .chain(rows -> names(partnershipId).map(names -> {
                    Map<String, BigDecimal> totals = new HashMap<>();
                    List<Balance> balances = rows.stream().map(r -> {
                        String unit = ((String) r[1]).strip();
                        totals.merge(unit, (BigDecimal) r[2], BigDecimal::add);
                        return new Balance((String) r[0], unit, LedgerEntry.plain((BigDecimal) r[2]), names.get(pseudonym((String) r[0])));
                    }).toList();
                    Map<String, String> totalText = new java.util.TreeMap<>();
                    totals.forEach((unit, total) -> totalText.put(unit, LedgerEntry.plain(total)));
                    return new Balances(partnershipId, head, balances, totalText);
                })));
    }

    /** Display names of the partnership's members who allow public recognition now, by pseudonym. */
    private static Uni<Map<String, String>> names(UUID partnershipId) {
        return NativeSql.rows("SELECT pseudonym, display_name FROM ledger_member WHERE display_name IS NOT NULL AND erased_at IS NULL"
                + " AND pseudonym IN (SELECT DISTINCT substring(account from position('/' in account) + 1) FROM ledger_entry"
                + " WHERE partnership_id = ?1 AND (account LIKE 'member/%' OR account LIKE 'held/%'))", partnershipId)
                .map(rows -> {
                    Map<String, String> names = new HashMap<>();
                    rows.forEach(r -> names.put((String) r[0], (String) r[1]));
                    return names;
                });
    }

    private static String pseudonym(String account) {
        return account.startsWith("member/") || account.startsWith("held/") ? account.substring(account.indexOf('/') + 1) : null;
    }

    private static long seq(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this list issued");
        }
    }

}
