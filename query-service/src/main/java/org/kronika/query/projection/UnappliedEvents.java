package org.kronika.query.projection;

import com.mongodb.client.MongoDatabase;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.stream.RejectedRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a generation shows a project's history only so far, though the topic holds more of it: a record naming the
 * project was rejected (it breaks the contract: it was never applied, nor anything of the project waiting behind
 * it), or was a second, different record of an event applied or held ({@link RepeatedCopies}), or the project's
 * events are held while it waits for an event that has not arrived, is parked, or catches up.
 * A chain verified up to there says nothing of what the read side stopped applying, and someone able to write to
 * the topic could otherwise have a history cut short where they pleased called whole.
 * <p>
 * Two reads by the project's id, whatever the length of its history or the number of projects held or records set
 * aside.
 */
public final class UnappliedEvents {

    private final MongoDatabase database;
    private final RejectedRecords rejected;

    public UnappliedEvents(MongoDatabase database) {
        this.database = database;
        this.rejected = new RejectedRecords(database);
    }

    /**
     * What the generation holds back of the project now. Read it before the project's version, never after: a
     * project that finishes catching up between the two reads is then found complete at its new version, or
     * incomplete at its old one. Read after the version, its record was gone by then, and a history short of the
     * topic's, at the version read before, was called complete.
     */
    public Found find(Generation generation, String projectId) {
        return new Found(rejected.first(generation, projectId).orElse(null),
                new ParkedProjects(database, generation).find(projectId).orElse(null));
    }

    /**
     * @param rejection the first record of the project the generation did not apply for breaking the contract, or
     *                  as a second copy of an event; {@code null} if none
     * @param held      the project's record while it waits, is parked or catches up; {@code null} if none
     */
    public record Found(RejectedRecords.Rejection rejection, ParkedProject held) {

        /**
         * @param version the project's last event the generation shows, read after this was found
         * @param words   the service's messages in the reader's language ({@code unapplied.*}); the API's answers
         *                are in English
         * @return why its history stops there, with the events involved; empty if the generation applied every
         * record of the project it read
         */
        public Optional<String> beyond(long version, Words words) {
            List<String> reasons = new ArrayList<>();
            if (rejection != null) {
                reasons.add(rejection.sequence() == null
                        ? words.message("unapplied.rejected", rejection.partition(), rejection.offset(),
                        rejection.reason())
                        : words.message("unapplied.rejectedAt", rejection.partition(), rejection.offset(),
                        rejection.sequence(), rejection.reason()));
            }
            // Holding nothing beyond what is shown, it was released and only its clean-up is left: the projection's
            // own rule for a record left by a stop.
            if (held != null && held.heldTo() > version) {
                reasons.add(switch (held.status()) {
                    case ParkedProject.WAITING -> words.message("unapplied.waiting", version, held.heldTo(),
                            version + 1);
                    case ParkedProject.CATCHING_UP -> words.message("unapplied.catchingUp", version, held.heldTo());
                    default -> words.message("unapplied.parked", held.reason(), version, held.heldTo());
                });
            }
            return reasons.isEmpty() ? Optional.empty()
                    : Optional.of(words.message("unapplied.stops", version, String.join("; ", reasons)));
        }

        /** The event of the history shown up to {@code version} that another record claims too, if any. */
        public Optional<Long> shownInQuestion(long version) {
            long first = firstInQuestion(version);
            return first <= version ? Optional.of(first) : Optional.empty();
        }

        /**
         * The first event of the history shown up to {@code version} that is in question: one that the rejected
         * record claims too (a second copy of an event, one of which was forged, may be the one shown), else the
         * first event not shown.
         */
        public long firstInQuestion(long version) {
            try {
                long claimed = rejection == null || rejection.sequence() == null ? version + 1
                        : Long.parseLong(rejection.sequence());
                return claimed >= 0 && claimed <= version ? claimed : version + 1;
            } catch (NumberFormatException notASequence) {
                return version + 1;
            }
        }
    }

    /** Messages of the service's bundles in one language, by key and arguments ({@code Formats::message} is one). */
    @FunctionalInterface
    public interface Words {
        String message(String key, Object... arguments);
    }
}
