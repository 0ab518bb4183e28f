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

    /** Both views of a period's figures, side by side, one row per figure; a cell a spreadsheet would run stays text. */
    @Test
    void theFiguresExportHoldsAsApprovedBesideAsCorrectedSinceForEveryFigure() {
        var approved = figures(17, new java.util.TreeMap<>(Map.of("female", 7L, "male", 5L)));
        var corrected = figures(20, new java.util.TreeMap<>(Map.of("female", 9L, "male", 6L, "other", 1L)));
        var report = new org.kronika.query.report.PeriodReportView("p", "2024-Q3", "quarters", "Q3 2024",
                LocalDate.of(2024, 7, 1), LocalDate.of(2024, 9, 30), null, "approved", List.of(),
                new org.kronika.query.report.PeriodReportView.Approval(8, 7, "ab12", Instant.EPOCH, null), approved,
                corrected, List.of(new org.kronika.query.report.PeriodReportView.Change(10, "activity-corrected", "t-1", null,
                9, "late sheet", null, Instant.EPOCH, "/x")), true, null, List.of(), 11);
        StringWriter out = new StringWriter();

        ProjectExports.figuresCsv(List.of(report), out);

        List<String> rows = List.of(out.toString().split("\r\n"));
        assertThat(rows.get(0)).isEqualTo("periodId,status,approvalSequence,headSequence,headHash,changesSinceApproval,"
                + "changesComplete,reopenedBy,figure,asApproved,asCorrectedSince");
        assertThat(rows).contains("2024-Q3,approved,8,7,ab12,1,true,,totals.participants.total,17,20",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.achieved,17,20",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.percentOfTarget,42.5,50",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.periodTarget,,",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.nothingMeasuredByEnd,false,false",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.bySex.female,7,9",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.bySex.other,,1",
                "2024-Q3,approved,8,7,ab12,1,true,,indicators.people.name,'=1+1,'=1+1",
                "2024-Q3,approved,8,7,ab12,1,true,,byMunicipality.Prizren.participants,17,20");

        // Reopened since its approval, more changes flagged than listed: both said on every row.
        var reopened = new org.kronika.query.report.PeriodReportView.Step("reopened", 12, Instant.EPOCH, null,
                "A sheet was missing", "/h");
        StringWriter second = new StringWriter();
        ProjectExports.figuresCsv(List.of(new org.kronika.query.report.PeriodReportView(report.projectId(),
                report.periodId(), report.calendar(), report.name(), report.start(), report.end(), null, "open",
                List.of(), report.approval(), approved, corrected, report.changes(), false, reopened, List.of(), 13)),
                second);
        assertThat(second.toString()).contains("2024-Q3,open,8,7,ab12,1,false,12,totals.participants.total,17,20");
    }

    private static org.kronika.query.report.PeriodFigures figures(long people, java.util.SortedMap<String, Long> bySex) {
        var totals = new org.kronika.query.tally.TallyView(2, new org.kronika.query.tally.TallyView.ParticipantsView(
                people, bySex, Map.of(), Map.of()), new java.util.TreeMap<>(Map.of("training-delivered",
                new org.kronika.query.tally.TallyView.TypeView(2, people))));
        var indicator = new org.kronika.query.report.PeriodFigures.IndicatorFigures("people", "=1+1", "count", "sum",
                40, null, people, people, false, people * 100 / 40.0, new java.util.TreeMap<>(Map.of("Prizren",
                (double) people)), bySex, new java.util.TreeMap<>(), new java.util.TreeMap<>());
        return new org.kronika.query.report.PeriodFigures("2024-Q3", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 9, 30),
                7, totals, List.of(new org.kronika.query.report.PeriodFigures.PlaceTally("Prizren", 2, people)),
                List.of(indicator));
    }
}
