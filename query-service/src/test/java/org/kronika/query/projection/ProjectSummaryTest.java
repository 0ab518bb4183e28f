package org.kronika.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.EventTypes;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Indicator progress per breakdown, derived from events, through corrections, retractions and redefinitions. */
class ProjectSummaryTest {

    private static final String P = "nopm";
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ReportingPeriods periods = ReportingPeriods.ofProgramme();
    private ProjectSummary summary = ProjectSummary.empty(P);
    private long sequence;

    @Test
    void participantIndicatorIsBrokenDownBySexAgeCommunityAndMunicipality() throws Exception {
        given(registered(), reached(List.of("sex")));
        given(training("t-1", "2024-02-10", "Gjilan", new Participants(20, Map.of("female", 12, "male", 7),
                        Map.of("18-24", 15), Map.of("albanian", 14, "serb", 6))),
                training("t-2", "2024-05-03", "Kamenicë", new Participants(10, Map.of("female", 4, "male", 6),
                        Map.of(), Map.of("albanian", 10))));

        Document progress = progress("citizens");
        assertThat(progress.get("achieved")).isEqualTo(30.0);
        assertThat(progress.get("percentOfTarget")).isEqualTo(3.0);
        assertThat(progress.get("bySex", Document.class)).isEqualTo(doc(Map.of("female", 16, "male", 13, "unspecified", 1)));
        assertThat(progress.get("byAgeBand", Document.class)).isEqualTo(doc(Map.of("18-24", 15, "unspecified", 15)));
        assertThat(progress.get("byCommunity", Document.class))
                .isEqualTo(doc(Map.of("albanian", 24, "serb", 6, "unspecified", 0)));
        assertThat(progress.get("byMunicipality", Document.class)).isEqualTo(doc(Map.of("Gjilan", 20.0, "Kamenicë", 10.0)));
        assertThat(progress.getList("byPeriod", Document.class)).extracting(d -> d.get("periodId"), d -> d.get("achieved"),
                d -> d.get("cumulative"), d -> d.get("target")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2024-Q1", 20.0, 20.0, 25.0),
                org.assertj.core.groups.Tuple.tuple("2024-Q2", 10.0, 30.0, null));
    }

    @Test
    void aCorrectionChangesProgressAndKeepsTheOriginalVisible() throws Exception {
        given(registered(), reached(List.of("sex")),
                training("t-1", "2024-02-10", "Gjilan", Participants.bySex(20, 12, 8)));
        TrainingDelivered fixed = trainingEvent("t-1", "2024-02-10", "Gjilan", Participants.bySex(22, 13, 9));
        given(new ActivityCorrected(P, "t-1", "training-delivered", json.convertValue(fixed, Map.class),
                "Two late sign-ins were missed"));

        assertThat(progress("citizens").get("achieved")).isEqualTo(22.0);
        Document activity = summary.toDocument().getList("activities", Document.class).get(0);
        assertThat(activity.get("original", Document.class).get("participants", Document.class).get("total")).isEqualTo(20);
        assertThat(activity.get("current", Document.class).get("participants", Document.class).get("total")).isEqualTo(22);
        assertThat(activity.getList("corrections", Document.class)).extracting(c -> c.get("reason"))
                .containsExactly("Two late sign-ins were missed");
        assertThat(summary.toDocument().get("totals", Document.class).get("corrected", Number.class).intValue()).isEqualTo(1);
    }

    @Test
    void aRetractedActivityNoLongerCountsButStaysVisible() throws Exception {
        given(registered(), reached(List.of()),
                training("t-1", "2024-02-10", "Gjilan", Participants.total(20)),
                training("t-2", "2024-02-10", "Gjilan", Participants.total(20)),
                new ActivityRetracted(P, "t-2", "Recorded twice"));

        assertThat(progress("citizens").get("achieved")).isEqualTo(20.0);
        assertThat(summary.toDocument().getList("activities", Document.class)).hasSize(2);
        assertThat(summary.toDocument().get("totals", Document.class).get("activities")).isEqualTo(1);
    }

    @Test
    void changingABreakdownKeepsEveryCountAlreadyReported() throws Exception {
        given(registered(), reached(List.of("municipality")),
                training("t-1", "2024-02-10", "Gjilan", Participants.bySex(20, 12, 8)));
        Document before = progress("citizens");
        given(new IndicatorRedefined(P, "citizens", null, null, null, List.of("municipality", "sex"), "Donor asks"));

        Document after = progress("citizens");
        assertThat(after.get("bySex")).isEqualTo(before.get("bySex")).isEqualTo(doc(Map.of("female", 12, "male", 8,
                "unspecified", 0)));
        Document indicator = summary.toDocument().getList("indicators", Document.class).get(0);
        assertThat(indicator.get("definition", Document.class).get("dimensions")).isEqualTo(List.of("municipality", "sex"));
        assertThat(indicator.getList("definitionHistory", Document.class)).hasSize(2);
    }

    @Test
    void itemIndicatorsAddQuantitiesAndMeasuredIndicatorsTakeTheLatestMeasurement() throws Exception {
        given(registered(),
                new IndicatorDefined(P, "kits", "Kits distributed", "count", "items", "sum", 0, 400, List.of(), List.of()),
                new IndicatorDefined(P, "aware", "Citizens aware of budgeting", "percent", "measured", "latest", 10, 60,
                        List.of(), List.of()),
                new MaterialsDistributed(P, "k-1", "Kits", LocalDate.parse("2024-03-01"), "Gjilan", null, null,
                        List.of("kits"), "Citizen Investment Kit", 200),
                new MaterialsDistributed(P, "k-2", "Kits", LocalDate.parse("2024-04-01"), "Kamenicë", null, null,
                        List.of("kits"), "Citizen Investment Kit", 150),
                new IndicatorMeasured(P, "aware", "m-2", LocalDate.parse("2024-09-01"), 41, null, Map.of(), null),
                new IndicatorMeasured(P, "aware", "m-1", LocalDate.parse("2024-03-01"), 25, null, Map.of(), null));

        assertThat(progress("kits").get("achieved")).isEqualTo(350.0);
        assertThat(progress("kits").get("byMunicipality", Document.class)).isEqualTo(doc(Map.of("Gjilan", 200.0,
                "Kamenicë", 150.0)));
        assertThat(progress("aware").get("achieved")).as("latest by date, not by arrival").isEqualTo(41.0);
    }

    private void given(ProjectEvent... events) throws Exception {
        for (ProjectEvent event : events) {
            Document data = Document.parse(json.writeValueAsString(event));
            summary.apply(new ReceivedEvent(P, sequence++, "e-" + sequence,
                    EventTypes.of(event.getClass()).cloudEventType(), Instant.now(), data, event, new Document(), Instant.now().toString(), new Document()));
        }
        summary.derive(periods);
        // What MongoDB stores and returns, not the in-memory objects.
        summary = ProjectSummary.fromDocument(Document.parse(summary.toDocument().toJson()));
    }

    private Document progress(String indicatorId) {
        return summary.toDocument().getList("indicators", Document.class).stream()
                .filter(i -> indicatorId.equals(i.getString("indicatorId"))).findFirst().orElseThrow()
                .get("progress", Document.class);
    }

    private static Document doc(Map<String, ?> values) {
        return new Document(new java.util.TreeMap<>(values));
    }

    private static ProjectRegistered registered() {
        return new ProjectRegistered(P, "nopm", "NOPM", false, "Participation", null, null, null, null,
                List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    private static IndicatorDefined reached(List<String> dimensions) {
        return new IndicatorDefined(P, "citizens", "Citizens reached", "count", "participants", "sum", 0, 1000,
                List.of(new PeriodTarget("2024-Q1", 25)), dimensions);
    }

    private static TrainingDelivered training(String id, String on, String municipality, Participants participants) {
        return trainingEvent(id, on, municipality, participants);
    }

    private static TrainingDelivered trainingEvent(String id, String on, String municipality, Participants participants) {
        return new TrainingDelivered(P, id, "Workshop on participation", LocalDate.parse(on), municipality, participants,
                null, List.of("citizens"), null, 1);
    }
}
