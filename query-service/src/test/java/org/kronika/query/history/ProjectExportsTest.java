package org.kronika.query.history;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.Test;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.stream.ReceivedEvent;

import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Exports are written while they are read: however long a project's history, the read store is asked for a
 * bounded chunk at a time and the first lines are out before the last chunk is read. A history loaded whole into
 * memory fails here.
 */
class ProjectExportsTest {

    private static final int EVENTS = 1_234;

    /** A read store that counts what it is asked for and hands out made-up entries. */
    private static final class CountingHistory extends ProjectHistory {
        final List<Integer> asked = new ArrayList<>();

        CountingHistory() {
            super(mock(MongoDatabase.class), new Generation(1, 1));
        }

        @Override
        public List<HistoryEntry> range(String projectId, long from, int count) {
            asked.add(count);
            return LongStream.range(from, Math.min(from + count, EVENTS)).mapToObj(s -> new HistoryEntry(projectId,
                    s, "e-" + s, "training-delivered", "2026-01-01T00:00:00Z", Instant.parse("2026-01-01T00:00:00Z"),
                    new ReceivedEvent.Actor("u", "recorder", "kec", "c"), Map.of("projectId", projectId),
                    "h" + s, s == 0 ? null : "h" + (s - 1), LocalDate.of(2026, 1, 1), null)).toList();
        }
    }

    /** Notes how many chunks had been read when the first line came out. */
    private static final class FirstWrite extends Writer {
        final StringWriter text = new StringWriter();
        final CountingHistory history;
        int chunksReadAtFirstWrite = -1;

        FirstWrite(CountingHistory history) {
            this.history = history;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            if (chunksReadAtFirstWrite < 0) {
                chunksReadAtFirstWrite = history.asked.size();
            }
            text.write(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aJsonLinesExportReadsTheHistoryInBoundedChunksAndWritesAsItReads() {
        CountingHistory history = new CountingHistory();
        FirstWrite out = new FirstWrite(history);

        ProjectExports.jsonLines("p", EVENTS - 1, history, out);

        assertThat(out.text.toString().lines()).hasSize(EVENTS);
        assertThat(history.asked).as("chunks asked of the read store").hasSizeGreaterThan(1).allMatch(n -> n <= 500);
        assertThat(out.chunksReadAtFirstWrite).as("chunks read before the first line was written").isEqualTo(1);
    }

    @Test
    void aCsvExportReadsTheHistoryInBoundedChunksAndWritesAsItReads() {
        CountingHistory history = new CountingHistory();
        FirstWrite out = new FirstWrite(history);

        ProjectExports.csv("p", EVENTS - 1, history, out);

        assertThat(out.text.toString().split("\r\n")).hasSize(EVENTS + 1);
        assertThat(history.asked).hasSizeGreaterThan(1).allMatch(n -> n <= 500);
        // The header goes out before anything is read; the point is that rows follow chunk by chunk.
        assertThat(out.chunksReadAtFirstWrite).isLessThanOrEqualTo(1);
    }
}
