package org.kronika.query.portfolio;

import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;
import org.kronika.events.EventTypes;
import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programme-wide documents hold a line per project of their slice: the cell of all places and all time, and the
 * programme's aggregate. What a line weighs at most, every field at the most the command side allows, and how
 * evenly projects spread over the {@link Slices}, bound how many projects one programme can hold below MongoDB's
 * 16 MB document limit (docs/operations.md, "Capacity", which quotes what this measures: a heavier line means that
 * section is to be measured and said again).
 */
class ProgrammeDocumentSizesTest {

    private static final int MONGODB_LIMIT = 16 * 1024 * 1024;
    private static final int PROJECTS = 1000;
    /** The bytes docs/operations.md, "Capacity", quotes: a heavier line means it is to be measured and said again. */
    private static final int CELL_LINE = 2013;
    private static final int MEMBER = 2515;
    private static final Programme PROGRAMME = Programme.ofContract();

    @Test
    void aProjectsLineInTheAllTimeCellWeighsNoMoreThanCapacitySays() {
        Map<String, Tally> lines = new TreeMap<>();
        for (int i = 0; i < PROJECTS; i++) {
            lines.put(projectId(i), fullest());
        }
        int perLine = bytes(new ProgrammeCell("*|*", Long.MAX_VALUE, new TreeMap<>(lines))) / PROJECTS;

        assertThat(perLine).as("bytes a project's line in a cell").isLessThanOrEqualTo(CELL_LINE);
        System.out.printf("A project's line in a programme cell, every breakdown full: %d bytes; %,d projects fill"
                + " a slice's 16 MB; %,d the programme's, its fullest slice at a seventh above an even share%n", perLine,
                MONGODB_LIMIT / perLine, MONGODB_LIMIT / perLine * Slices.COUNT * 7 / 8);
    }

    @Test
    void aProjectsMemberInTheProgrammesAggregateWeighsNoMoreThanCapacitySays() {
        TreeMap<String, ProgrammeShare.Member> members = new TreeMap<>();
        List<String> places = PROGRAMME.municipalities().stream().map(Programme.Municipality::name).limit(50)
                .toList();
        for (int i = 0; i < PROJECTS; i++) {
            // The longest title and organisation the command side takes, in characters of three bytes each in
            // UTF-8 (the bound counts characters), and every municipality of the programme.
            members.put(projectId(i), new ProgrammeShare.Member(Long.MAX_VALUE, "\u0800".repeat(300), "o".repeat(64),
                    "\u0800".repeat(200), 100.0, places, Long.MAX_VALUE, Long.MAX_VALUE, LocalDate.of(2024, 1, 1),
                    LocalDate.of(2026, 12, 31), true));
        }
        int perMember = bytes(new ProgrammeAggregate("programme", Long.MAX_VALUE, members, PeriodTallies.EMPTY,
                new TreeMap<>(), new TreeMap<>())) / PROJECTS;

        assertThat(perMember).as("bytes a project's member in an aggregate").isLessThanOrEqualTo(MEMBER);
        System.out.printf("A project's member in a programme aggregate, every text at its longest: %d bytes; %,d"
                + " projects fill a slice's 16 MB; %,d the programme's, its fullest slice at a seventh above an even"
                + " share%n", perMember, MONGODB_LIMIT / perMember, MONGODB_LIMIT / perMember * Slices.COUNT * 7 / 8);
    }

    /**
     * Projects, named as the demo names them and as clients generate ids, fall into every slice, none holding more
     * than a seventh above its even share: a slice's limit is the programme's divided by {@value Slices#COUNT}.
     */
    @Test
    void projectsSpreadEvenlyOverTheSlices() {
        int projects = 100_000;
        for (java.util.function.IntFunction<String> naming : List.<java.util.function.IntFunction<String>>of(
                i -> "project-" + i, i -> "p" + i, i -> java.util.UUID.nameUUIDFromBytes(("p" + i).getBytes())
                        .toString(),
                ProgrammeDocumentSizesTest::projectId)) {
            Map<String, Integer> bySlice = new TreeMap<>();
            for (int i = 0; i < projects; i++) {
                bySlice.merge(Slices.of("programme", naming.apply(i)), 1, Integer::sum);
            }
            assertThat(bySlice).hasSize(Slices.COUNT);
            assertThat(bySlice.keySet()).containsExactlyElementsOf(Slices.all("programme"));
            assertThat(bySlice.values()).allSatisfy(count ->
                    assertThat(count).isLessThanOrEqualTo(projects / Slices.COUNT * 8 / 7));
        }
        // Ids that differ only in their last character fall in different slices too, not in neighbouring ones.
        Map<String, Integer> numbered = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            numbered.merge(Slices.of("programme", "p" + i), 1, Integer::sum);
        }
        assertThat(numbered.values()).allSatisfy(count -> assertThat(count).isBetween(1000 / Slices.COUNT / 2,
                1000 / Slices.COUNT * 3 / 2));
    }

    /** A project id as long as the command side takes one (64 characters). */
    private static String projectId(int i) {
        return String.format("%064d", i);
    }

    /** A tally with every breakdown full: each category of the programme and each activity type counted. */
    private static Tally fullest() {
        Map<String, Long> bySex = counts(PROGRAMME.sexCategories());
        Map<String, Long> byAgeBand = counts(PROGRAMME.ageBands());
        Map<String, Long> byCommunity = counts(PROGRAMME.communities());
        List<String> types = EventTypes.all().stream()
                .filter(type -> org.kronika.events.ActivityEvent.class.isAssignableFrom(type.javaType()))
                .map(type -> type.name()).toList();
        Map<String, Long> categories = new LinkedHashMap<>();
        for (var dimension : Map.of("sex", bySex, "ageBand", byAgeBand, "community", byCommunity).entrySet()) {
            dimension.getValue().keySet().forEach(category -> categories.put(dimension.getKey() + ":" + category,
                    Long.MAX_VALUE));
            categories.put(dimension.getKey() + ":" + Tally.UNSPECIFIED, Long.MAX_VALUE);
        }
        return new Tally(Long.MAX_VALUE, Long.MAX_VALUE, bySex, byAgeBand, byCommunity, counts(types), counts(types),
                categories);
    }

    private static Map<String, Long> counts(List<String> keys) {
        Map<String, Long> counts = new LinkedHashMap<>();
        keys.forEach(key -> counts.put(key, Long.MAX_VALUE));
        return counts;
    }

    private static int bytes(Object record) {
        Document document = DocumentMapper.toDocument(record);
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        new DocumentCodec().encode(new BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
        return buffer.getSize();
    }
}
