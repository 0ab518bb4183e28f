package org.kronika.query.history;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;
import org.kronika.query.readmodel.Generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * A project page's chain verdict costs the same however long the history: it is carried forward from the last
 * whole check over the events since, and the history is checked whole again when its head is no longer the one
 * verified, or, in the background, once the re-check period has passed. A change, wherever it is, is still reported.
 */
class RecentVerdictsTest {

    private static final String PROJECT = "p-chain";
    private static final Generation LIVE = new Generation(1, 1);
    private static final Duration RECHECK = Duration.ofMinutes(10);

    private final MovingClock clock = new MovingClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final RecentVerdicts verdicts = new RecentVerdicts(clock, RECHECK);
    private final StoredHistory history = new StoredHistory();

    @AfterEach
    void stopTheBackgroundChecks() {
        verdicts.close();
    }

    @Test
    void aPageAtTheNextVersionReadsTheVerifiedHeadAndTheNewEventNotTheWholeHistory() {
        history.append(5_000);
        assertThat(verdict(4_999).verified()).isTrue();
        assertThat(history.read).as("documents read by the first page").isEqualTo(5_000);

        history.append(1);
        history.read = 0;
        ChainVerdict next = verdict(5_000);

        assertThat(next.verified()).isTrue();
        assertThat(next.events()).isEqualTo(5_001);
        assertThat(next.headHash()).isEqualTo(history.stored.get(5_000L).getString("hash"));
        assertThat(history.read).as("documents read by the next page").isEqualTo(2);
        history.read = 0;
        assertThat(verdict(5_000)).isEqualTo(next);
        assertThat(history.read).as("documents read by a page at the same version").isEqualTo(1);
    }

    @Test
    void aPageOlderThanTheVerdictHeldIsCutBackFromItsHeadNotCheckedWhole() {
        history.append(2_000);
        ChainVerdict newest = verdict(1_999);
        ChainVerdict whole = ChainVerification.verify(PROJECT, 1_997, history);
        history.read = 0;

        assertThat(verdict(1_997)).isEqualTo(whole);
        assertThat(history.read).as("documents read, from the head back").isEqualTo(3);
        history.read = 0;
        assertThat(verdict(1_999)).isEqualTo(newest);
        assertThat(history.read).isEqualTo(1);
    }

    @Test
    void aNewEventThatDoesNotLinkToTheVerifiedHeadIsReportedAtOnce() {
        history.append(10);
        verdict(9);
        history.append(1);
        history.stored.get(10L).put("prevHash", "f".repeat(64));

        ChainVerdict verdict = verdict(10);

        assertThat(verdict.brokenAt()).isEqualTo(10);
        assertThat(verdict.kind()).isEqualTo(ChainVerdict.Break.UNLINKED);
    }

    @Test
    void aChangedHeadIsFoundAtOnceByAWholeCheck() {
        history.append(10);
        verdict(9);
        clock.move(Duration.ofMinutes(1));
        history.stored.get(9L).get("data", Document.class).put("total", 900);

        RecentVerdicts.Checked changed = verdicts.verdict(LIVE, PROJECT, 9, history);

        assertThat(changed.verdict().brokenAt()).isEqualTo(9);
        assertThat(changed.verdict().kind()).isEqualTo(ChainVerdict.Break.CHANGED);
        assertThat(changed.wholeCheckAt()).isEqualTo(clock.instant());
    }

    @Test
    void aHistoryCutBackIsFoundAtOnceByAWholeCheck() {
        history.append(10);
        verdict(9);
        history.stored.remove(9L);
        history.stored.remove(8L);

        ChainVerdict cut = verdict(9);

        assertThat(cut.brokenAt()).isEqualTo(8);
        assertThat(cut.kind()).isEqualTo(ChainVerdict.Break.ENDS_EARLY);
    }

    /**
     * What a page does not see at once: an earlier event changed after the last whole check. The first page after
     * the re-check period still shows the verdict carried and has the whole history checked in the background; the
     * pages after that check show the break, with the events added meanwhile, until a whole check finds the chain
     * whole.
     */
    @Test
    void anEarlierEventChangedIsReportedOnceTheBackgroundWholeCheckAfterThePeriodFindsItAndARepairAfterTheNext() {
        history.append(10);
        Instant firstCheck = clock.instant();
        verdict(9);
        Document original = new Document(history.stored.get(3L));
        original.put("data", new Document(original.get("data", Document.class)));
        history.stored.get(3L).get("data", Document.class).put("total", 300);
        history.append(1);

        clock.move(RECHECK.minusSeconds(1));
        RecentVerdicts.Checked carried = verdicts.verdict(LIVE, PROJECT, 10, history);
        assertThat(carried.verdict().verified()).as("within the re-check period").isTrue();
        assertThat(carried.wholeCheckAt()).as("what the page says it stands on").isEqualTo(firstCheck);

        clock.move(Duration.ofSeconds(1));
        RecentVerdicts.Checked after = verdicts.verdict(LIVE, PROJECT, 10, history);
        assertThat(after.verdict().verified()).as("the page that finds the period passed").isTrue();
        assertThat(after.wholeCheckAt()).isEqualTo(firstCheck);
        await().until(() -> verdict(10).brokenAt() == 3);
        history.stored.put(3L, original);
        history.append(1);
        clock.move(RECHECK.minusSeconds(1));
        assertThat(verdict(11).brokenAt()).as("a break stays shown until the next whole check").isEqualTo(3);

        clock.move(Duration.ofSeconds(1));
        assertThat(verdict(11).brokenAt()).as("the page that finds the period passed").isEqualTo(3);
        await().until(() -> verdict(11).verified());
    }

    /**
     * An approval certifies figures that may stand on an earlier event: judged by the verdict carried forward, it was
     * sent within the re-check period after that event was changed. A whole verdict reads every event now, and the
     * pages after it show the break too.
     */
    @Test
    void aWholeVerdictFindsAnEarlierEventChangedWithinTheRecheckPeriod() {
        history.append(10);
        verdict(9);
        history.stored.get(3L).get("data", Document.class).put("total", 300);
        clock.move(Duration.ofMinutes(1));
        assertThat(verdict(9).verified()).as("carried forward").isTrue();

        assertThat(verdicts.wholeVerdict(LIVE, PROJECT, 9, history).verdict().brokenAt()).isEqualTo(3);
        assertThat(verdict(9).brokenAt()).as("the pages after it").isEqualTo(3);
    }

    /**
     * Cut back with the project's version lowered to match (both in the same read models), the history checks whole;
     * but it no longer holds the head a page found verified before, which an append-only history never loses.
     */
    @Test
    void aHistoryCutBackWithItsVersionLoweredIsFoundByTheHeadVerifiedBefore() {
        history.append(101);
        verdict(100);
        for (long sequence = 95; sequence <= 100; sequence++) {
            history.stored.remove(sequence);
        }

        ChainVerdict cut = verdict(94);

        assertThat(cut.verified()).isFalse();
        assertThat(cut.kind()).isEqualTo(ChainVerdict.Break.ENDS_EARLY);
        assertThat(cut.brokenAt()).isEqualTo(95);
        clock.move(RECHECK);
        assertThat(verdict(94).verified()).as("at the next whole check too").isFalse();
    }

    /** Rewritten from its head on, hashes recomputed, the history checks whole; the head verified before is another. */
    @Test
    void aHistoryRewrittenFromTheHeadVerifiedBeforeIsFoundByThatHead() {
        history.append(10);
        verdict(9);
        history.rewrite(9, 900);

        ChainVerdict rewritten = verdict(9);

        assertThat(rewritten.brokenAt()).isEqualTo(9);
        assertThat(rewritten.kind()).isEqualTo(ChainVerdict.Break.CHANGED);
    }

    /**
     * The first page after the re-check period costs what any other does: the verdict carried over the events since,
     * with when its whole check was; the whole history is read off the page's thread.
     */
    @Test
    void aPageAfterThePeriodAnswersWithTheVerdictCarriedAndHasTheWholeHistoryCheckedInTheBackground() {
        history.append(5_000);
        Instant firstCheck = clock.instant();
        verdict(4_999);
        history.append(1);
        clock.move(RECHECK);
        history.read = 0;

        RecentVerdicts.Checked page = verdicts.verdict(LIVE, PROJECT, 5_000, history);

        assertThat(page.verdict().verified()).isTrue();
        assertThat(page.verdict().events()).isEqualTo(5_001);
        assertThat(page.wholeCheckAt()).as("the page still says how old its whole check is").isEqualTo(firstCheck);
        assertThat(history.read).as("documents read on the page's thread").isEqualTo(2);
        await().until(() -> verdicts.verdict(LIVE, PROJECT, 5_000, history).wholeCheckAt().equals(clock.instant()));
        assertThat(history.elsewhere.get()).as("documents read by the background whole check")
                .isGreaterThanOrEqualTo(5_001);
    }

    /** Pages opened while a background whole check waits or runs take the verdict carried and schedule none. */
    @Test
    void pagesAfterThePeriodScheduleOneBackgroundWholeCheckNotOneEach() {
        history.append(1_000);
        Instant firstCheck = clock.instant();
        verdict(999);
        clock.move(RECHECK);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger whole = wholeChecksHeldUntil(release);

        assertThat(verdicts.verdict(LIVE, PROJECT, 999, history).wholeCheckAt()).isEqualTo(firstCheck);
        await().until(() -> whole.get() == 1);
        assertThat(verdicts.verdict(LIVE, PROJECT, 999, history).wholeCheckAt()).isEqualTo(firstCheck);
        assertThat(verdicts.verdict(LIVE, PROJECT, 999, history).wholeCheckAt()).isEqualTo(firstCheck);

        assertThat(verdicts.queued()).as("whole checks waiting behind the one running").isZero();
        release.countDown();
        await().until(() -> verdicts.verdict(LIVE, PROJECT, 999, history).wholeCheckAt().equals(clock.instant()));
        assertThat(whole.get()).as("whole checks").isEqualTo(1);
    }

    /**
     * Pages of a project not checked since the start, opened at the same moment, walk its whole history once, not
     * once each: the first checks it in its request, the others wait for and take its verdict.
     */
    @Test
    void pagesOfAProjectNotYetCheckedOpenedTogetherCheckTheWholeHistoryOnce() throws Exception {
        history.append(1_000);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger whole = wholeChecksHeldUntil(release);
        Thread first = new Thread(() -> verdict(999));
        Thread second = new Thread(() -> verdict(999));
        first.start();
        await().until(() -> whole.get() == 1);
        second.start();
        await().until(() -> second.getState() == Thread.State.BLOCKED || whole.get() == 2);
        release.countDown();
        first.join();
        second.join();

        assertThat(whole.get()).as("whole checks").isEqualTo(1);
    }

    /** Counts the whole checks begun, each held at its first read until {@code release}. */
    private AtomicInteger wholeChecksHeldUntil(CountDownLatch release) {
        AtomicInteger whole = new AtomicInteger();
        history.onRead = from -> {
            if (from == 0) {
                whole.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return whole;
    }

    @Test
    void anotherGenerationIsCheckedWhole() {
        history.append(100);
        verdict(99);
        history.read = 0;

        verdicts.verdict(new Generation(2, 1), PROJECT, 99, history);

        assertThat(history.read).isEqualTo(100);
    }

    private ChainVerdict verdict(long version) {
        return verdicts.verdict(LIVE, PROJECT, version, history).verdict();
    }

    /**
     * A project's stored history, chained as the command side chains it, that counts the documents it hands out: to
     * the test's thread, and to any other (the background whole checks).
     */
    private static final class StoredHistory extends ProjectHistory {
        final ConcurrentSkipListMap<Long, Document> stored = new ConcurrentSkipListMap<>();
        private final Thread caller = Thread.currentThread();
        long read;
        final AtomicLong elsewhere = new AtomicLong();
        /** Told the first sequence of each read, before it is answered. */
        volatile java.util.function.LongConsumer onRead = from -> { };

        StoredHistory() {
            super(mock(MongoDatabase.class), LIVE);
        }

        void append(int events) {
            for (int i = 0; i < events; i++) {
                long sequence = stored.isEmpty() ? 0 : stored.lastKey() + 1;
                put(sequence, (int) sequence % 50);
            }
        }

        /** The event at {@code sequence} with another total, its hash recomputed, as by someone holding the data. */
        void rewrite(long sequence, int total) {
            put(sequence, total);
        }

        private void put(long sequence, int total) {
            String prevHash = sequence == 0 ? EventChain.GENESIS : stored.get(sequence - 1).getString("hash");
            String time = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence).toString();
            Map<String, Object> data = Map.of("projectId", PROJECT, "activityId", "a-" + sequence, "total", total);
            Map<String, Object> actor = EventChain.actor("u-1", "recorder", "kec");
            stored.put(sequence, new Document("_id", PROJECT + "/" + sequence).append("projectId", PROJECT)
                    .append("sequence", sequence).append("type", "org.kronika.training-delivered.v1")
                    .append("time", time).append("actor", new Document(actor)).append("data", new Document(data))
                    .append("prevHash", prevHash).append("hash", EventChain.hash("org.kronika.training-delivered.v1",
                            PROJECT, sequence, null, time, actor, data, prevHash)));
        }

        @Override
        public List<Document> documents(String projectId, long from, int count) {
            onRead.accept(from);
            List<Document> found = new ArrayList<>(stored.subMap(from, from + count).values());
            if (Thread.currentThread() == caller) {
                read += found.size();
            } else {
                elsewhere.addAndGet(found.size());
            }
            return found;
        }
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
