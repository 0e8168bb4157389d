package org.commonground.member.consent;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.commonground.platform.problem.ProblemException;

/** The notices members read: the current version of each purpose, its translations, and every earlier version. */
@ApplicationScoped
public class ConsentNotices {

    /** The current version of every purpose's notice. */
    public Uni<Map<ConsentPurpose, Integer>> currentVersions() {
        return ConsentNotice.<ConsentNotice>listAll().map(all -> all.stream().collect(Collectors.toMap(
                n -> n.purpose, n -> n.version, Math::max)));
    }

    public Uni<Integer> currentVersion(ConsentPurpose purpose) {
        return currentVersions().map(versions -> versions.getOrDefault(purpose, 0));
    }

    /** The current notice of every purpose in the language asked for, or in the default language when untranslated. */
    public Uni<List<ConsentNotice>> current(String language) {
        return ConsentNotice.<ConsentNotice>listAll().map(all -> {
            Map<ConsentPurpose, List<ConsentNotice>> byPurpose = all.stream()
                    .collect(Collectors.groupingBy(n -> n.purpose));
            return java.util.Arrays.stream(ConsentPurpose.values())
                    .map(purpose -> pick(byPurpose.getOrDefault(purpose, List.of()), language))
                    .flatMap(Optional::stream)
                    .toList();
        });
    }

    /** Every version of one purpose's notice, newest first, each in every language it was published in. */
    public Uni<List<ConsentNotice>> history(ConsentPurpose purpose) {
        return ConsentNotice.<ConsentNotice>list("purpose = ?1 order by version desc, language", purpose);
    }

    /**
     * Publishes the next version of a purpose's notice: changing the words of a notice always makes a new version,
     * so that what a member agreed to stays on record word for word.
     */
    public Uni<Integer> publish(ConsentPurpose purpose, Map<String, NoticeText> texts, Instant now) {
        if (!texts.containsKey(ConsentNotice.DEFAULT_LANGUAGE)) {
            throw ProblemException.invalid("texts", "must include the notice in '" + ConsentNotice.DEFAULT_LANGUAGE + "'");
        }
        return currentVersion(purpose).chain(current -> {
            int next = current + 1;
            List<ConsentNotice> notices = texts.entrySet().stream().map(e -> {
                ConsentNotice notice = new ConsentNotice();
                notice.purpose = purpose;
                notice.version = next;
                notice.language = e.getKey();
                notice.title = e.getValue().title().strip();
                notice.text = e.getValue().notice().strip();
                notice.publishedAt = now;
                return notice;
            }).toList();
            // two admins publishing at once collide on the primary key: one wins, the other gets a 409
            return ConsentNotice.persist(notices).replaceWith(next);
        });
    }

    /** The words of one notice, as an admin publishes them. */
    public record NoticeText(
            @jakarta.validation.constraints.NotBlank(message = "must not be blank")
            @jakarta.validation.constraints.Size(max = 120, message = "must be at most 120 characters")
            @org.commonground.platform.validation.PlainText String title,
            @jakarta.validation.constraints.NotBlank(message = "must not be blank")
            @jakarta.validation.constraints.Size(max = 4000, message = "must be at most 4000 characters")
            @org.commonground.platform.validation.PlainText(multiline = true) String notice) {
    }

    static Optional<ConsentNotice> pick(List<ConsentNotice> versions, String language) {
        int latest = versions.stream().mapToInt(n -> n.version).max().orElse(0);
        Map<String, ConsentNotice> texts = versions.stream().filter(n -> n.version == latest)
                .collect(Collectors.toMap(n -> n.language, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        return Optional.ofNullable(texts.getOrDefault(language, texts.get(ConsentNotice.DEFAULT_LANGUAGE)))
                .or(() -> texts.values().stream().min(Comparator.comparing(n -> n.language)));
    }
}
