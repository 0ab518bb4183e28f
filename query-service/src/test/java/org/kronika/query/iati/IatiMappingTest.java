package org.kronika.query.iati;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.DocumentPublished;
import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MemorandumSigned;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.Received;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectStatus;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectViews;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.kronika.query.iati.IatiFiles.elements;
import static org.kronika.query.iati.IatiFiles.string;
import static org.kronika.query.iati.IatiFiles.strings;

/**
 * IATI activity files from projects folded from typed events: valid against the official 2.03 schema, every code
 * from its codelist, and every figure the one the read models give.
 */
class IatiMappingTest {

    private static final String P = "media-clubs";
    private static final String SHA = "ab".repeat(32);
    private static final Codelists CODELISTS = Codelists.bundled();

    private final Programme programme = Programme.ofContract();
    private final ReportingPeriods periods = programme.periods();
    private final ProjectViews views = new ProjectViews(periods);
    private final IatiMapping mapping = new IatiMapping(IatiProperties.defaults(), programme, CODELISTS);
    /** Every count as it is: the read models' figures, category by category. */
    private final IatiMapping asTheyAre = new IatiMapping(IatiProperties.defaults().withMinimumCount(1), programme,
            CODELISTS);

    @Test
    void aProjectsFileNamesItsOrganisationsPlacesDatesAndDocuments() {
        FoldedProject project = mediaClubs();
        Element activity = activity(file(project, LocalDate.of(2024, 6, 30)));

        assertThat(string(activity, "iati-identifier")).isEqualTo("XM-DAC-EXAMPLE-DONOR-media-clubs");
        assertThat(string(activity, "reporting-org/@ref")).isEqualTo("XM-DAC-EXAMPLE-DONOR");
        assertThat(strings(activity, "participating-org/@role")).containsExactly("1", "4");
        assertThat(string(activity, "participating-org[@role='4']/narrative")).isEqualTo("Kosova Education Center");
        assertThat(strings(activity, "participating-org[@role='4']/@ref")).as("no IATI identifier configured")
                .isEmpty();
        assertThat(string(activity, "participating-org[@role='4']/@type")).isEqualTo("24");
        assertThat(strings(activity, "description/@type")).containsExactly("1", "2", "3");
        assertThat(string(activity, "description[@type='2']/narrative"))
                .isEqualTo("General goal: Young people spot disinformation.\nSpecific objectives:\n"
                        + "1. Clubs in every partner school\n2. Families reached");
        assertThat(string(activity, "description[@type='3']/narrative")).isEqualTo("- Students\n- Families");

        assertThat(string(activity, "activity-status/@code")).as("implementation").isEqualTo("2");
        assertThat(strings(activity, "activity-date/@type")).containsExactly("1", "2", "3");
        assertThat(strings(activity, "recipient-country/@code")).containsExactly("AL", "XK");
        assertThat(strings(activity, "recipient-country/@percentage")).containsExactly("50", "50");
        assertThat(strings(activity, "recipient-country/narrative")).containsExactly("Albania", "Kosovo");
        assertThat(strings(activity, "location/name/narrative")).containsExactly("Gjilan", "Tiranë");
        assertThat(strings(activity, "location/name/narrative/@*[local-name()='lang']"))
                .as("the reference list's Albanian names, in an English file").containsExactly("sq", "sq");
        assertThat(strings(activity, "location/@ref")).containsExactly(
                "XM-DAC-EXAMPLE-DONOR-media-clubs-gjilan", "XM-DAC-EXAMPLE-DONOR-media-clubs-tirane");
        assertThat(strings(activity, "location/administrative/@code")).containsExactly("XK", "AL");
        assertThat(string(activity, "sector/@code")).isEqualTo("15150");
        assertThat(string(activity, "sector/narrative")).isEqualTo("Democratic participation and civil society");

        List<Element> documents = elements(activity, "document-link");
        assertThat(documents).extracting(d -> d.getAttribute("url")).containsExactly(
                "https://example.org/kronika/documents/kec/needs%20assessment%202024.pdf",
                "https://schools.example.org/mou-gjilan");
        assertThat(documents).extracting(d -> d.getAttribute("format")).containsExactly("application/pdf", "text/html");
        assertThat(documents).extracting(d -> string(d, "category/@code")).containsExactly("A01", "A09");
        assertThat(documents).extracting(d -> string(d, "document-date/@iso-date"))
                .containsExactly("2024-01-20", "2024-02-01");
        assertThat(string(documents.get(0), "*[local-name()='sha256']")).isEqualTo(SHA);
    }

    @Test
    void eachIndicatorGivesPerPeriodItsTargetItsActualAndItsBreakdownsAsTheReadModelsDo() {
        FoldedProject project = mediaClubs();
        LocalDate day = LocalDate.of(2024, 6, 30);
        Element activity = activity(file(project, day));

        assertThat(strings(activity, "result/@type")).containsExactly("1", "2");
        assertThat(strings(activity, "result[@type='1']/indicator/@*[local-name()='id']"))
                .containsExactly("students", "sessions");
        assertThat(string(activity, "result/indicator[@*[local-name()='id']='aware']/@measure")).isEqualTo("2");
        assertThat(string(activity, "result/indicator[@*[local-name()='id']='aware']/baseline/@value"))
                .isEqualTo("20");
        assertThat(string(activity, "result/indicator[@*[local-name()='id']='students']/description/narrative"))
                .as("how a period's target and actual compare, as IATI's guidance asks the description to say")
                .contains("A period's actual is what was achieved within it")
                .contains("A period's target is the figure to reach by the period's end");
        var figures = IatiFiles.figures(activity);
        var students = figures.get("students");
        assertThat(students).containsOnlyKeys("2024-Q1", "2024-Q2", "2025-Q2");
        assertThat(students.get("2024-Q1").actual()).isEqualByComparingTo("20");
        assertThat(students.get("2024-Q1").target()).isEqualByComparingTo("40");
        assertThat(students.get("2024-Q2").actual()).as("corrected, the retracted one left out")
                .isEqualByComparingTo("11");
        assertThat(students.get("2024-Q2").cumulative()).isEqualByComparingTo("31");
        assertThat(students.get("2025-Q2").actual()).as("not started by the day of the file").isNull();
        assertThat(students.get("2025-Q2").target()).isEqualByComparingTo("100");
        assertThat(students.get("2024-Q1").byDimension()).isEqualTo(Map.of(
                "sex", Map.of("female", new BigDecimal("12"), "male", new BigDecimal("7"),
                        "unspecified", new BigDecimal("1")),
                "age-band", Map.of("15-17", new BigDecimal("15"), "unspecified", new BigDecimal("5")),
                "municipality", Map.of("Gjilan", new BigDecimal("20"))));
        assertThat(strings(activity, "result/indicator/period/actual/dimension/@name"))
                .as("communities stay out of public files").doesNotContain("community");
        assertThat(strings(activity, "result/indicator[@*[local-name()='id']='students']/period[1]/actual"
                + "[dimension/@value='Gjilan']/location/@ref"))
                .containsExactly("XM-DAC-EXAMPLE-DONOR-media-clubs-gjilan");
        var aware = figures.get("aware");
        assertThat(aware.get("2024-Q1").actual()).isEqualByComparingTo("25");
        assertThat(aware.get("2024-Q2").actual()).isEqualByComparingTo("41");
        assertThat(aware.get("2024-Q2").byDimension()).isEqualTo(Map.of("municipality",
                Map.of("Tiranë", new BigDecimal("41"))));
        assertThat(strings(activity, "result/indicator[@*[local-name()='id']='aware']/period[1]/actual"
                + "/document-link/@url"))
                .containsExactly("https://example.org/kronika/documents/surveys/baseline.pdf");
        assertThat(students.get("2024-Q2").byDimension()).as("a running period: no people by sex or age band")
                .containsOnlyKeys("municipality");

        sameAsTheReadModels(activity(IatiFiles.validated(IatiXml.write(List.of(asTheyAre.activity(project.summary(),
                project.facts(), day))))), project.summary(), day);
    }

    /** The comment is for people: a mean of 1, 2 and 2 reads 1.67 there, its sixteen digits in the figures. */
    @Test
    void aPeriodsCommentRoundsTheCumulativeFigureWhichTheFiguresKeepWhole() {
        FoldedProject project = mediaClubs().apply(
                new IndicatorDefined(P, "mean", "Mean score", "score", "measured", "average", 0, 10, List.of(),
                        List.of()),
                new IndicatorMeasured(P, "mean", "s-1", LocalDate.of(2024, 2, 1), 1, "Tiranë", Map.of(), null),
                new IndicatorMeasured(P, "mean", "s-2", LocalDate.of(2024, 2, 2), 2, "Tiranë", Map.of(), null),
                new IndicatorMeasured(P, "mean", "s-3", LocalDate.of(2024, 2, 3), 2, "Tiranë", Map.of(), null));
        Element activity = activity(file(project, LocalDate.of(2024, 6, 30)));

        String period = "result/indicator[@*[local-name()='id']='mean']/period[1]/actual[not(dimension)]";
        assertThat(string(activity, period + "/comment/narrative")).isEqualTo("By the end of the period: 1.67");
        // While the period runs, the figure by its end is the figure so far, and the comment says so.
        Element running = activity(file(project, LocalDate.of(2024, 3, 15)));
        assertThat(string(running, period + "/comment/narrative")).isEqualTo("So far, the period still running: 1.67");
        assertThat(IatiFiles.figures(activity).get("mean").get("2024-Q1").cumulative().toPlainString())
                .startsWith("1.666666666666");
    }

    /** A retracted measurement is no result and its source no evidence; a corrected one counts as corrected. */
    @Test
    void aCorrectedMeasurementIsReportedAsCorrectedAndARetractedOneNotAtAll() {
        FoldedProject project = mediaClubs().apply(
                new IndicatorMeasured(P, "aware", "m-3", LocalDate.of(2024, 6, 20), 150, "Tiranë", Map.of(),
                        new DocumentReference("Pilot questionnaire", "surveys/pilot.pdf", SHA)),
                new MeasurementRetracted(P, "aware", "m-3", "A pilot of the questionnaire"),
                new MeasurementCorrected(P, "aware", "m-2", LocalDate.of(2024, 6, 15), 45, "Tiranë", Map.of(), null,
                        "Weighted by municipality"));
        LocalDate day = LocalDate.of(2024, 6, 30);
        Element activity = activity(file(project, day));

        var aware = IatiFiles.figures(activity).get("aware");
        assertThat(aware.get("2024-Q2").actual()).isEqualByComparingTo("45");
        assertThat(strings(activity, "result/indicator[@*[local-name()='id']='aware']/period/actual"
                + "/document-link/@url")).noneMatch(url -> url.contains("pilot"));
        sameAsTheReadModels(activity(IatiFiles.validated(IatiXml.write(List.of(asTheyAre.activity(project.summary(),
                project.facts(), day))))), project.summary(), day);
    }

    @Test
    void randomHistoriesGiveValidFilesWhoseFiguresAreTheReadModelsFigures() {
        for (long seed = 1; seed <= 12; seed++) {
            var story = new StoryGenerator(seed).story("p-" + seed, 150, Instant.parse("2026-01-01T00:00:00Z"));
            FoldedProject project = new FoldedProject("p-" + seed, periods).apply(story.events());
            for (LocalDate day : List.of(LocalDate.of(2024, 5, 15), LocalDate.of(2026, 3, 1))) {
                Document file = file(project, day);
                IatiFiles.assertCodesAreInTheirCodelists(file, CODELISTS);
                noCategoryBelow(IatiProperties.defaults().minimumCount(), activity(file));
                if (day.getYear() == 2026) {
                    sameAsTheReadModels(activity(IatiFiles.validated(IatiXml.write(List.of(asTheyAre.activity(
                            project.summary(), project.facts(), day))))), project.summary(), day);
                }
            }
        }
    }

    @Test
    void everyCodeOfTheFileIsAnActiveCodeOfItsCodelist() {
        Document file = file(mediaClubs(), LocalDate.of(2026, 1, 1));
        IatiFiles.assertCodesAreInTheirCodelists(file, CODELISTS);
        assertThat(strings(file, "//activity-status/@code")).as("ended: finalisation").containsExactly("3");
        assertThat(strings(file, "//activity-date/@type")).containsExactly("1", "2", "3", "4");
        for (String format : Text.formats().values()) {
            assertThat(CODELISTS.contains("FileFormat", format)).as(format).isTrue();
        }
        for (String format : List.of(Text.WEB_PAGE, Text.BYTES)) {
            assertThat(CODELISTS.contains("FileFormat", format)).as(format).isTrue();
        }
    }

    /**
     * Closed out, the activity is Closed (4); ended and not closed, in Finalisation (3): its reports are still to be
     * approved and it may still record, as it may again once reopened.
     */
    @Test
    void aClosedProjectsActivityIsClosedAndAnEndedOneInFinalisation() {
        FoldedProject project = mediaClubs();
        LocalDate day = LocalDate.of(2026, 1, 1);
        assertThat(strings(file(project, day), "//activity-status/@code")).containsExactly("3");

        project.apply(new ProjectClosed(P, LocalDate.of(2025, 6, 30), List.of("2024-Q1", "2024-Q2"), "Final"));
        Document closed = file(project, day);
        assertThat(strings(closed, "//activity-status/@code")).containsExactly("4");
        IatiFiles.assertCodesAreInTheirCodelists(closed, CODELISTS);

        project.apply(new ProjectReopened(P, "A late invoice"));
        assertThat(strings(file(project, day), "//activity-status/@code")).containsExactly("3");
    }

    /**
     * Every status a project can have has its code, each in the codelist; one the mapping does not know is refused,
     * not published as Closed.
     */
    @Test
    void everyProjectStatusHasItsOwnActivityStatusAndAnUnknownOneIsRefused() {
        assertThat(ProjectStatus.ALL.stream().map(IatiMapping::activityStatus).toList())
                .containsExactly("1", "2", "3", "4");
        assertThat(ProjectStatus.ALL.stream().map(IatiMapping::activityStatus))
                .allMatch(code -> CODELISTS.contains("ActivityStatus", code));
        assertThatThrownBy(() -> IatiMapping.activityStatus("suspended"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suspended");
    }

    /** Every unit an indicator can have has its measure, each in the codelist; one the mapping does not know is refused. */
    @Test
    void everyIndicatorUnitHasItsMeasureAndAnUnknownOneIsRefused() {
        assertThat(org.kronika.events.Vocabulary.INDICATOR_UNITS.stream().map(IatiMapping::measure).toList())
                .containsExactly("1", "2", "3", "4").allMatch(code -> CODELISTS.contains("IndicatorMeasure", code));
        assertThatThrownBy(() -> IatiMapping.measure("ratio"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
        assertThatThrownBy(() -> IatiMapping.measure(null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A document's format is read from the reference it was recorded by, not from the address built under the base:
     * an archive number without an extension is a file of a type not known, not a web page, and a web address's host
     * is no extension.
     */
    @Test
    void aDocumentsFormatComesFromItsReference() {
        assertThat(Text.format("ARK-2024/017")).isEqualTo(Text.BYTES);
        assertThat(Text.format("ARK-2024/017.pdf")).isEqualTo("application/pdf");
        assertThat(Text.format("https://example.org")).isEqualTo(Text.WEB_PAGE);
        assertThat(Text.format("https://example.org/reports/q1")).isEqualTo(Text.WEB_PAGE);
        assertThat(Text.format("https://example.org/reports/q1.PDF?download=1")).isEqualTo("application/pdf");
        assertThat(Text.format("https://example.org/reports/q1.xyz")).isEqualTo(Text.BYTES);
        assertThat(Text.format("ARK#12.pdf")).as("an archive number's # is part of its name").isEqualTo("application/pdf");
    }

    /** A reference is a name under the base: one that climbs out of it with dot segments stays under it, as one name. */
    @Test
    void aDocumentReferenceNeverLeadsOutOfTheBase() {
        String base = "https://example.org/kronika/documents/";
        assertThat(Text.url("ARK-2024/017 a.pdf", base)).isEqualTo(base + "ARK-2024/017%20a.pdf");
        for (String reference : List.of("../../admin/x.pdf", "a/./b", "..", ".")) {
            String url = Text.url(reference, base);
            assertThat(java.net.URI.create(url).normalize().toString()).as(reference).startsWith(base)
                    .isEqualTo(url);
        }
        assertThat(Text.url("../../admin/x.pdf", base)).isEqualTo(base + "..%2F..%2Fadmin%2Fx.pdf");
        assertThat(Text.url("..", base)).isEqualTo(base + "?reference=..");
    }

    @Test
    void theSameFactsOnTheSameDayGiveTheSameBytes() {
        LocalDate day = LocalDate.of(2024, 6, 30);
        byte[] first = IatiXml.write(List.of(mapping.activity(mediaClubs().summary(), mediaClubs().facts(), day)));
        byte[] second = IatiXml.write(List.of(mapping.activity(mediaClubs().summary(), mediaClubs().facts(), day)));
        assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
        assertThat(new String(first, StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities")
                .contains("generated-datetime=\"" + mediaClubs().summary().lastRecordedAt() + "\"");
    }

    /**
     * The projects' own words go into the file as they were written, markup characters and quotes included, and a
     * character XML 1.0 cannot carry (a control character, which the command side refuses, from an older event) is
     * left out: the file stays valid and says what the words said.
     */
    @Test
    void wordsWithMarkupOrCharactersXmlCannotCarryGiveAValidFileSayingWhatTheySaid() {
        String id = "marked";
        FoldedProject project = new FoldedProject(id, periods).apply(new ProjectRegistered(id, "kec",
                "Kosova Education Center & <partners>", false, "Clubs <b>&amp;</b> \"fact\" 'checks'\u0001",
                "If A > B & C < D", null, null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31)));
        Element activity = activity(file(project, LocalDate.of(2024, 7, 1)));

        assertThat(string(activity, "title/narrative")).isEqualTo("Clubs <b>&amp;</b> \"fact\" 'checks'");
        assertThat(string(activity, "participating-org[@role='4']/narrative"))
                .isEqualTo("Kosova Education Center & <partners>");
        assertThat(string(activity, "description[@type='1']/narrative")).isEqualTo("If A > B & C < D");
    }

    /**
     * A public file shows no sex or age band with fewer participants than the minimum: they join "unspecified", and
     * a category hidden alone takes the next smallest with it, or "unspecified" would be that category renamed.
     */
    @Test
    void smallCountsOfPeopleJoinUnspecifiedSoNoOneCanBeSingledOut() {
        String id = "small";
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Small trainings", null, null,
                        null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(id, "trained", "People trained", "count", "participants", "sum", 0, 100,
                        List.of(), List.of("sex", "age-band")),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2024, 2, 10), "Gjilan",
                        new Participants(20, Map.of("female", 17, "male", 3),
                                Map.of("15-17", 16, "under-15", 2, "18-24", 2), Map.of()),
                        null, List.of("trained"), null, 1, null),
                new TrainingDelivered(id, "t-2", "Training", LocalDate.of(2024, 5, 10), "Gjilan",
                        new Participants(15, Map.of("female", 10, "male", 3), Map.of("18-24", 15), Map.of()),
                        null, List.of("trained"), null, 1, null));
        Element activity = activity(file(project, LocalDate.of(2024, 7, 1)));
        var trained = IatiFiles.figures(activity).get("trained");

        assertThat(trained.get("2024-Q1").byDimension()).isEqualTo(Map.of(
                "sex", Map.of("unspecified", new BigDecimal("20")),
                "age-band", Map.of("15-17", new BigDecimal("16"), "unspecified", new BigDecimal("4"))));
        assertThat(trained.get("2024-Q2").byDimension()).as("two of unknown sex hide the three men")
                .isEqualTo(Map.of("sex", Map.of("female", new BigDecimal("10"), "unspecified", new BigDecimal("5")),
                        "age-band", Map.of("18-24", new BigDecimal("15"))));
        assertThat(trained.get("2024-Q1").actual()).isEqualByComparingTo("20");

        var asRecorded = IatiFiles.figures(activity(IatiFiles.validated(IatiXml.write(List.of(asTheyAre.activity(
                project.summary(), project.facts(), LocalDate.of(2024, 6, 30))))))).get("trained");
        assertThat(asRecorded.get("2024-Q1").byDimension().get("sex")).as("minimum count 1: every count as it is")
                .isEqualTo(Map.of("female", new BigDecimal("17"), "male", new BigDecimal("3")));
        assertThat(asRecorded.get("2024-Q2").byDimension()).as("and for a period still running").containsKey("sex");

        // While a period runs, two files a day apart would give a day's activities' counts by difference.
        var running = IatiFiles.figures(activity(file(project, LocalDate.of(2024, 6, 30)))).get("trained");
        assertThat(running.get("2024-Q2").byDimension()).as("Q2 on its last day").isEmpty();
        assertThat(running.get("2024-Q2").actual()).isEqualByComparingTo("15");
        assertThat(running.get("2024-Q1").byDimension()).containsKeys("sex", "age-band");
    }

    /**
     * The Kubernetes ConfigMap holds a placeholder for the publisher's variables, to be replaced: bound from the
     * environment as they are, they stop the service from starting rather than publish as the example donor.
     */
    @Test
    void thePublishersVariablesLeftAsTheManifestsPlaceholderStopTheServiceFromStarting() {
        IatiProperties placeholder = boundFrom(Map.of("KRONIKA_IATI_REPORTINGORG_REF", "REPLACE-ME",
                "KRONIKA_IATI_REPORTINGORG_NAME", "REPLACE-ME", "KRONIKA_IATI_DOCUMENTBASEURL", "REPLACE-ME"));
        assertThatThrownBy(() -> new IatiMapping(placeholder, programme, CODELISTS))
                .hasMessageContaining("kronika.iati.reporting-org.ref 'REPLACE-ME'");
    }

    private static IatiProperties boundFrom(Map<String, Object> environment) {
        return new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                environment)))
                .bindOrCreate("kronika.iati", IatiProperties.class);
    }

    @Test
    void aSettingWithACodeIatiDoesNotKnowStopsTheServiceFromStarting() {
        IatiProperties good = IatiProperties.defaults();
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(good.reportingOrg(), "99999", "en",
                good.documentBaseUrl(), "24", Map.of(), 5), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.sector");
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(new IatiProperties.Organisation("ACME-1",
                "Acme", "10"), "15150", "en", good.documentBaseUrl(), "24", Map.of(), 5), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.reporting-org.ref");
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(good.reportingOrg(), "15150", "xx",
                good.documentBaseUrl(), "24", Map.of(), 5), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.language");
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(good.reportingOrg(), "15150", "en",
                good.documentBaseUrl(), "24", Map.of("kec", "KEC"), 5), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.organisation-refs.kec");
        assertThatThrownBy(() -> new IatiMapping(good.withMinimumCount(0), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.minimum-count");
        // A real publisher's identifier under the example's name, or the reverse, would go out in a public file.
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(new IatiProperties.Organisation("XM-DAC-41114",
                good.reportingOrg().name(), "10"), "15150", "en", good.documentBaseUrl(), "24", Map.of(), 5),
                programme, CODELISTS)).hasMessageContaining("kronika.iati.reporting-org.name is still the example's");
        assertThatThrownBy(() -> new IatiMapping(new IatiProperties(new IatiProperties.Organisation(
                good.reportingOrg().ref(), "Ministry of Foreign Affairs", "10"), "15150", "en", good.documentBaseUrl(),
                "24", Map.of(), 5), programme, CODELISTS))
                .hasMessageContaining("kronika.iati.reporting-org.ref is still the example's");

        var kec = new IatiMapping(new IatiProperties(good.reportingOrg(), "15160", "sq", good.documentBaseUrl(), "22",
                Map.of("kec", "XI-IATI-EXAMPLE-KEC"), 5), programme, CODELISTS);
        Element activity = activity(IatiFiles.validated(IatiXml.write(List.of(kec.activity(mediaClubs().summary(),
                mediaClubs().facts(), LocalDate.of(2024, 6, 30))))));
        assertThat(string(activity, "participating-org[@role='4']/@ref")).isEqualTo("XI-IATI-EXAMPLE-KEC");
        assertThat(string(activity, "@*[local-name()='lang']")).isEqualTo("sq");
        assertThat(strings(activity, "result/title/narrative/@*[local-name()='lang']")).as("Kronika's own words")
                .containsOnly("en");
        assertThat(strings(activity, "title/narrative/@*[local-name()='lang']")).as("the project's words").isEmpty();
        assertThat(string(activity, "sector/@code")).isEqualTo("15160");
        assertThat(strings(activity, "recipient-country/narrative/@*[local-name()='lang']"))
                .as("the codelists' English names").containsExactly("en", "en");
        assertThat(strings(activity, "sector/narrative/@*[local-name()='lang']")).containsExactly("en");
        assertThat(strings(activity, "location/name/narrative/@*[local-name()='lang']")).as("in the file's language")
                .isEmpty();
        assertThat(string(activity, "description[@type='2']/narrative")).as("no English label in the project's words")
                .isEqualTo("Young people spot disinformation.\n1. Clubs in every partner school\n2. Families reached");
    }

    @Test
    void theShippedCodelistsAreIatisAndTheirSourceIsNamedBesideThem() throws Exception {
        String readme;
        try (var in = Codelists.class.getResourceAsStream("codelists/README.md")) {
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String embedded = readme.substring(readme.indexOf("- Embedded"), readme.indexOf("- Non-embedded"));
        String nonEmbedded = readme.substring(readme.indexOf("- Non-embedded"));
        assertThat(embedded).contains("IATI/IATI-Codelists", "75e827bacd29f77356cb43defbc0b655705432f3");
        assertThat(nonEmbedded).contains("IATI/IATI-Codelists-NonEmbedded", "7aeece773c60afa0265eb95e988d5e61e96d8482");
        for (String name : Codelists.NAMES) {
            try (var in = Codelists.class.getResourceAsStream("codelists/" + name + ".xml")) {
                var root = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                        .getDocumentElement();
                assertThat(root.getAttribute("name")).isEqualTo(name);
                assertThat(root.getAttribute("embedded").equals("1") ? embedded : nonEmbedded)
                        .as(name + " named under the repository its embedded flag says")
                        .containsPattern("\\b" + name + "\\b");
            }
        }
        assertThat(CODELISTS.contains("Sector", "15150")).isTrue();
        assertThat(CODELISTS.contains("Sector", "15161")).as("withdrawn").isFalse();
        assertThat(CODELISTS.registrationAgency("XM-DAC-41114")).contains("XM-DAC");
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * The file's figures are the read models': per period the achieved value, the cumulative one and the target,
     * every reporting period the dashboards show and no other; each dimension's values adding up to the period's
     * value, and across periods to the indicator's breakdown.
     */
    private void sameAsTheReadModels(Element activity, ProjectSummary summary, LocalDate day) {
        var figures = IatiFiles.figures(activity);
        assertThat(figures.keySet()).containsExactlyInAnyOrderElementsOf(summary.indicators().stream()
                .map(Indicator::indicatorId).toList());
        for (Indicator indicator : summary.indicators()) {
            String id = indicator.indicatorId();
            String aggregation = indicator.definition().aggregation();
            ProgressView progress = views.indicator(indicator).progress();
            var file = figures.get(id);
            assertThat(file.keySet()).as(id)
                    .containsExactlyElementsOf(progress.byPeriod().stream()
                            .map(ProgressView.PeriodProgress::periodId).toList());
            for (ProgressView.PeriodProgress period : progress.byPeriod()) {
                IatiFiles.PeriodFigures there = file.get(period.periodId());
                String what = id + " " + period.periodId();
                assertThat(there.target() == null ? null : there.target().doubleValue()).as(what)
                        .isEqualTo(period.target());
                if (there.actual() == null) {
                    assertThat(period.achieved()).as(what).isZero();
                    assertThat(aggregation.equals("sum") && !period.start().isAfter(day)).as(what).isFalse();
                } else {
                    assertThat(there.actual().doubleValue()).as(what).isCloseTo(period.achieved(), within(1e-9));
                    assertThat(there.cumulative().doubleValue()).as(what).isCloseTo(period.cumulative(), within(1e-9));
                }
            }
            Map<String, BigDecimal> byPlace = new TreeMap<>();
            Map<String, BigDecimal> bySex = new TreeMap<>();
            file.forEach((periodId, there) -> {
                if (!ReportingPeriods.isReportingPeriod(periodId) && there.actual() != null) {
                    // An outside month is the read models' month bucket itself.
                    assertThat(there.actual()).isEqualByComparingTo(indicator.progress().byPeriod()
                            .get(periodId.substring("outside:".length())).value(aggregation));
                }
                there.byDimension().forEach((dimension, values) -> {
                    assertThat(indicator.definition().dimensions()).contains(dimension);
                    if (aggregation.equals("sum")) {
                        assertThat(values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                                .as(id + " " + periodId + " by " + dimension).isEqualByComparingTo(there.actual());
                    }
                });
                there.byDimension().getOrDefault("municipality", Map.of())
                        .forEach((place, value) -> byPlace.merge(place, value, BigDecimal::add));
                there.byDimension().getOrDefault("sex", Map.of())
                        .forEach((sex, value) -> bySex.merge(sex, value, BigDecimal::add));
            });
            if (aggregation.equals("sum") && indicator.definition().dimensions().contains("municipality")) {
                Map<String, Double> expected = new TreeMap<>(progress.byMunicipality());
                expected.values().removeIf(v -> v == 0);
                Map<String, Double> actual = new TreeMap<>();
                byPlace.forEach((place, value) -> actual.put(place, value.doubleValue()));
                actual.values().removeIf(v -> v == 0);
                assertThat(actual).as(id + " by municipality").isEqualTo(expected);
            }
            if (aggregation.equals("sum") && indicator.definition().countsParticipants()
                    && indicator.definition().dimensions().contains("sex")) {
                progress.bySex().forEach((sex, count) -> {
                    if (!sex.equals("unspecified")) {
                        assertThat(bySex.getOrDefault(sex, BigDecimal.ZERO).longValue()).as(id + " " + sex)
                                .isEqualTo(count);
                    }
                });
            }
        }
    }

    /**
     * The calendar's stream defined a quarter beyond the programme file's (2022 to 2026) and a fiscal year that a
     * period target names: both are periods of the file, with their targets, as the project view shows them.
     */
    @Test
    void periodsTheCalendarDefinedAreThoseOfTheFileWithTheirTargets() {
        String id = "beyond";
        ReportingPeriods defined = calendarDefining(new org.kronika.events.ReportingPeriodDefined(
                programme.programmeId(), "2027-Q1", "quarters", "2027 Q1", LocalDate.of(2027, 1, 1),
                LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30)), fiscalYear2024);
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Beyond the file", null, null,
                        null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2027, 12, 31)),
                new IndicatorDefined(id, "students", "Students trained", "count", "participants", "sum", 0, 100,
                        List.of(new PeriodTarget("FY2024", 50), new PeriodTarget("2027-Q1", 80)), List.of()),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2027, 2, 10), "Gjilan",
                        Participants.total(12), null, List.of("students"), null, 1));

        Element activity = activity(IatiFiles.validated(IatiXml.write(List.of(mapping.over(defined)
                .activity(project.summary(), project.facts(), LocalDate.of(2027, 6, 30))))));

        List<String> named = strings(activity, "result/indicator/period/@*[local-name()='period']");
        assertThat(named).contains("2027-Q1", "FY2024").doesNotContain("outside:2027-02");
        assertThat(string(activity, "result/indicator/period[@*[local-name()='period']='2027-Q1']/target/@value"))
                .isEqualTo("80");
        assertThat(string(activity, "result/indicator/period[@*[local-name()='period']='FY2024']/target/@value"))
                .isEqualTo("50");
        assertThat(string(activity, "result/indicator/period[@*[local-name()='period']='2027-Q1']/actual"
                + "[not(dimension)]/@value")).isEqualTo("12");
    }

    /**
     * A period of another calendar that a target names (a fiscal year) overlaps the quarters: its actual has the
     * breakdowns and the sources of the facts dated in its days, as its value counts them, and as each of its quarters
     * has those of its own. It had only its value: the facts were grouped by the quarter each is listed in.
     */
    @Test
    void aFiscalYearsActualHasTheBreakdownsAndSourcesOfTheFactsInItsDays() {
        String id = "fiscal";
        ReportingPeriods defined = calendarDefining(fiscalYear2024);
        FoldedProject project = new FoldedProject(id, defined).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Across two calendars", null, null,
                        null, null, List.of("Gjilan", "Prizren"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(id, "students", "Students trained", "count", "participants", "sum", 0, 100,
                        List.of(new PeriodTarget("FY2024", 50)), List.of("sex", "municipality")),
                new IndicatorDefined(id, "aware", "Students aware", "percent", "measured", "latest", 0, 80,
                        List.of(new PeriodTarget("FY2024", 40)), List.of()),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2024, 2, 10), "Gjilan",
                        Participants.bySex(12, 7, 5), null, List.of("students"), null, 1),
                new TrainingDelivered(id, "t-2", "Training", LocalDate.of(2024, 5, 10), "Prizren",
                        Participants.bySex(20, 10, 10), null, List.of("students"), null, 1),
                new TrainingDelivered(id, "t-3", "Training", LocalDate.of(2024, 8, 1), "Gjilan",
                        Participants.bySex(30, 15, 15), null, List.of("students"), null, 1),
                new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 3, 31), 30, null, Map.of(),
                        new DocumentReference("Survey", "surveys/march.pdf", SHA)),
                new IndicatorMeasured(id, "aware", "m-2", LocalDate.of(2024, 9, 30), 45, null, Map.of(),
                        new DocumentReference("Survey", "surveys/september.pdf", SHA)));

        Element activity = activity(IatiFiles.validated(IatiXml.write(List.of(mapping.over(defined)
                .activity(project.summary(), project.facts(), LocalDate.of(2025, 1, 31))))));

        var students = IatiFiles.figures(activity).get("students");
        assertThat(students.get("FY2024").actual()).isEqualByComparingTo("32");
        Map<String, Map<String, BigDecimal>> quarters = new TreeMap<>();
        for (String quarter : List.of("2024-Q1", "2024-Q2")) {
            students.get(quarter).byDimension().forEach((dimension, values) -> values.forEach((category, value) ->
                    quarters.computeIfAbsent(dimension, k -> new TreeMap<>()).merge(category, value, BigDecimal::add)));
        }
        assertThat(students.get("FY2024").byDimension()).as("its quarters' breakdowns, added up").isEqualTo(quarters)
                .containsEntry("municipality", Map.of("Gjilan", new BigDecimal("12"), "Prizren", new BigDecimal("20")));
        assertThat(students.get("FY2024").byDimension().get("sex")).containsEntry("female", new BigDecimal("17"));
        String sources = "result/indicator[@*[local-name()='id']='aware']/period[@*[local-name()='period']='%s']"
                + "/actual/document-link/@url";
        assertThat(strings(activity, sources.formatted("FY2024"))).singleElement().asString().endsWith("march.pdf");
        assertThat(strings(activity, sources.formatted("2024-Q1"))).singleElement().asString().endsWith("march.pdf");
        assertThat(strings(activity, sources.formatted("2024-Q3"))).singleElement().asString()
                .endsWith("september.pdf");
    }

    /**
     * The day after the project ends its file says so, and its timestamps move with it (IATI's last-updated rule), at
     * the programme's midnight (Central European Time: 22:00 UTC in summer), when its day turns.
     */
    @Test
    void aFileThatSaysMoreOnALaterDaySaysSoInItsTimestamps() {
        String id = "ending";
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Ending soon", null, null, null,
                        null, List.of("Gjilan"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30)));
        Element lastDay = activity(file(project, LocalDate.of(2026, 6, 30)));
        Element dayAfter = activity(file(project, LocalDate.of(2026, 7, 1)));

        assertThat(string(lastDay, "activity-status/@code")).isEqualTo("2");
        assertThat(string(dayAfter, "activity-status/@code")).isEqualTo("3");
        assertThat(string(lastDay, "@last-updated-datetime")).as("the second quarter's start")
                .isEqualTo("2026-03-31T22:00:00Z");
        assertThat(string(dayAfter, "@last-updated-datetime")).as("the day after the end")
                .isEqualTo("2026-06-30T22:00:00Z");
    }

    /**
     * A quarter the calendar defines after the figures it groups were recorded: the file lists it in place of its
     * three months from then on, and its timestamps say so. They stayed at the last day that turned, the bytes
     * changed.
     */
    @Test
    void aPeriodDefinedAfterTheFiguresItGroupsMovesTheTimestampsOfTheFilesThatListIt() {
        String id = "regrouped";
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Beyond the file's calendar", null,
                        null, null, null, List.of("Gjilan"), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)),
                new IndicatorDefined(id, "students", "Students trained", "count", "participants", "sum", 0, 100,
                        List.of(), List.of()),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2027, 2, 10), "Gjilan",
                        Participants.total(12), null, List.of("students"), null, 1));
        LocalDate day = LocalDate.of(2027, 5, 2);
        Instant defined = Instant.parse("2027-05-01T09:30:00Z");
        var quarter = new org.kronika.events.ReportingPeriodDefined(programme.programmeId(), "2027-Q1", "quarters",
                "Q1 2027", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
        Element before = activity(IatiFiles.validated(IatiXml.write(List.of(mapping.activity(project.summary(),
                project.facts(), day)))));
        Element after = activity(IatiFiles.validated(IatiXml.write(List.of(mapping.over(
                calendarDefining(defined, quarter)).activity(project.summary(), project.facts(), day)))));

        assertThat(strings(before, "result/indicator/period/period-start/@iso-date")).as("its months")
                .contains("2027-02-01");
        assertThat(strings(after, "result/indicator/period/period-start/@iso-date")).as("its quarter")
                .contains("2027-01-01").doesNotContain("2027-02-01");
        assertThat(Instant.parse(string(before, "@last-updated-datetime"))).isBefore(defined);
        assertThat(string(after, "@last-updated-datetime")).isEqualTo(defined.toString());

        // A quarter of the programme file, defined later as the file has it, was listed so all along: it moves
        // nothing.
        Programme.Period first = programme.reportingPeriods().stream()
                .filter(q -> q.contains(LocalDate.of(2024, 3, 1))).findFirst().orElseThrow();
        var asInTheFile = new org.kronika.events.ReportingPeriodDefined(programme.programmeId(), first.periodId(),
                "quarters", first.periodId(), first.start(), first.end(), first.end().plusDays(30));
        LocalDate then = first.end().plusDays(40);
        assertThat(string(activity(IatiFiles.validated(IatiXml.write(List.of(mapping.over(calendarDefining(defined,
                asInTheFile)).activity(mediaClubs().summary(), mediaClubs().facts(), then))))), "@last-updated-datetime"))
                .isEqualTo(string(activity(file(mediaClubs(), then)), "@last-updated-datetime"));
    }

    /**
     * A period's participants by sex appear the day after it ends, after the project's own end too: the file that
     * shows them says so in its timestamps. They stayed at the day after the project's end while the bytes changed.
     */
    @Test
    void theDayAPeriodsBreakdownsAppearAfterTheProjectEndedMovesTheTimestamps() {
        String id = "ended";
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Ended mid-quarter", null, null,
                        null, null, List.of("Gjilan"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 5, 15)),
                new IndicatorDefined(id, "students", "Students trained", "count", "participants", "sum", 0, 100,
                        List.of(), List.of("sex")),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2026, 4, 10), "Gjilan",
                        Participants.bySex(12, 7, 5), null, List.of("students"), null, 1));
        Element lastDay = activity(file(project, LocalDate.of(2026, 6, 30)));
        Element dayAfter = activity(file(project, LocalDate.of(2026, 7, 1)));

        assertThat(IatiFiles.figures(lastDay).get("students").get("2026-Q2").byDimension()).isEmpty();
        assertThat(IatiFiles.figures(dayAfter).get("students").get("2026-Q2").byDimension()).containsKey("sex");
        assertThat(string(lastDay, "@last-updated-datetime")).as("the day after the project's end")
                .isEqualTo("2026-05-15T22:00:00Z");
        assertThat(string(dayAfter, "@last-updated-datetime")).as("the day after the quarter's end")
                .isEqualTo("2026-06-30T22:00:00Z");
    }

    /**
     * An activity in a municipality of another country than the project's (one an amendment dropped, say) is a
     * location in that country, which is then a recipient country too: a location's country that no recipient
     * country names reads as a file that contradicts itself.
     */
    @Test
    void everyLocationsCountryIsARecipientCountry() {
        String id = "across";
        FoldedProject project = new FoldedProject(id, periods).apply(
                new ProjectRegistered(id, "kec", "Kosova Education Center", false, "Across a border", null, null,
                        null, null, List.of("Gjilan", "Prizren", "Pejë"), LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 12, 31)),
                new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2026, 4, 10), "Tiranë",
                        Participants.total(12), null, List.of(), null, 1));
        Element activity = activity(file(project, LocalDate.of(2026, 6, 30)));

        assertThat(strings(activity, "location/administrative/@code")).containsOnly("XK", "AL");
        assertThat(strings(activity, "recipient-country/@code")).containsExactly("AL", "XK");
        assertThat(strings(activity, "recipient-country/@percentage")).containsExactly("25", "75");
    }

    private final org.kronika.events.ReportingPeriodDefined fiscalYear2024 =
            new org.kronika.events.ReportingPeriodDefined(programme.programmeId(), "FY2024", "fiscal-years",
                    "FY 2023-24", LocalDate.of(2023, 7, 1), LocalDate.of(2024, 6, 30), LocalDate.of(2024, 7, 31));

    /** The programme's calendar once its stream defined these periods, in this order, all at its start. */
    private ReportingPeriods calendarDefining(org.kronika.events.ReportingPeriodDefined... defined) {
        return calendarDefining(Instant.parse("2023-01-01T00:00:00Z"), defined);
    }

    /** The programme's calendar once its stream recorded these periods' definitions at {@code at}. */
    private ReportingPeriods calendarDefining(Instant at, org.kronika.events.ReportingPeriodDefined... defined) {
        List<org.kronika.query.calendar.DefinedPeriod> periods = new java.util.ArrayList<>();
        for (int i = 0; i < defined.length; i++) {
            periods.add(org.kronika.query.calendar.DefinedPeriod.of(defined[i], i, at));
        }
        return org.kronika.query.calendar.ProgrammeCalendar.of(programme, periods);
    }

    private static void noCategoryBelow(int minimum, Element activity) {
        IatiFiles.figures(activity).forEach((indicatorId, periods) -> periods.forEach((periodId, figures) ->
                figures.byDimension().forEach((dimension, values) -> {
                    if (dimension.equals("sex") || dimension.equals("age-band")) {
                        values.forEach((category, value) -> {
                            if (!category.equals("unspecified")) {
                                assertThat(value.intValue()).as(indicatorId + " " + periodId + " " + category)
                                        .isGreaterThanOrEqualTo(minimum);
                            }
                        });
                    }
                })));
    }

    private Document file(FoldedProject project, LocalDate day) {
        return IatiFiles.validated(IatiXml.write(List.of(mapping.activity(project.summary(), project.facts(), day))));
    }

    private static Element activity(Document file) {
        return elements(file, "/iati-activities/iati-activity").get(0);
    }

    /**
     * The file is public: a video portrait or interview shows the participants it portrays, so no link to one goes
     * out, while other media the project produced are linked as any document.
     */
    @Test
    void mediaThatPortrayParticipantsAreNotLinkedInThePublicFile() {
        FoldedProject project = mediaClubs().apply(
                new org.kronika.events.MediaProduced(P, "v-1", "Portraits of club members", LocalDate.of(2024, 4, 2),
                        "Gjilan", null, null, List.of(), "video-portrait", 3, new DocumentReference("Portraits",
                        "https://video.example.org/portraits", null)),
                new org.kronika.events.MediaProduced(P, "v-2", "Interviews with parents", LocalDate.of(2024, 4, 3),
                        "Gjilan", null, null, List.of(), "video-interview", 2, new DocumentReference("Interviews",
                        "https://video.example.org/interviews", null)),
                new org.kronika.events.MediaProduced(P, "v-3", "Spot on fact-checking", LocalDate.of(2024, 4, 4),
                        "Gjilan", null, null, List.of(), "video-spot", 1, new DocumentReference("Spot",
                        "https://video.example.org/spot", null)));
        Element activity = activity(file(project, LocalDate.of(2024, 6, 30)));

        assertThat(elements(activity, "document-link")).extracting(d -> d.getAttribute("url")).containsExactly(
                "https://example.org/kronika/documents/kec/needs%20assessment%202024.pdf",
                "https://schools.example.org/mou-gjilan", "https://video.example.org/spot");
    }

    /** Trainings in Gjilan and Tirana, one corrected and one retracted, two documents and two measurements. */
    private FoldedProject mediaClubs() {
        return new FoldedProject(P, periods).apply(
                new ProjectRegistered(P, "kec", "Kosova Education Center", false, "Media clubs",
                        "Media education and fact-checking clubs.", "Young people spot disinformation.",
                        List.of("Clubs in every partner school", "Families reached"), List.of("Students", "Families"),
                        List.of("Gjilan", "Tiranë"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30)),
                new IndicatorDefined(P, "students", "Students trained", "count", "participants", "sum", 0, 100,
                        List.of(new PeriodTarget("2024-Q1", 40), new PeriodTarget("2024-Q2", 100),
                                new PeriodTarget("2025-Q2", 100)),
                        List.of("sex", "age-band", "community", "municipality")),
                new IndicatorDefined(P, "sessions", "Sessions held", "count", "activities", "sum", 0, 10, List.of(),
                        List.of()),
                new IndicatorDefined(P, "aware", "Students aware of disinformation", "percent", "measured", "latest",
                        20, 50, List.of(), List.of("municipality")),
                new DocumentPublished(P, "d-1", "Needs assessment", LocalDate.of(2024, 1, 20), null, null, null,
                        List.of(), "needs-assessment", new DocumentReference("Needs assessment of the partner schools",
                        "kec/needs assessment 2024.pdf", SHA)),
                new MemorandumSigned(P, "m-1", "Memorandum with the school in Gjilan", LocalDate.of(2024, 2, 1),
                        "Gjilan", null, null, List.of(), "Gymnasium Gjilan", new DocumentReference(
                        "Memorandum of understanding", "https://schools.example.org/mou-gjilan", SHA)),
                training("t-1", "2024-02-10", "Gjilan", new Participants(20, Map.of("female", 12, "male", 7),
                        Map.of("15-17", 15), Map.of("albanian", 14))),
                training("t-2", "2024-05-03", "Tiranë", Participants.bySex(10, 4, 6)),
                training("t-3", "2024-05-20", "Gjilan", Participants.total(5)),
                new ActivityRetracted(P, "t-3", "Recorded twice"),
                new ActivityCorrected(P, "t-2", "training-delivered", Received.data(training("t-2", "2024-05-03",
                        "Tiranë", Participants.bySex(11, 5, 6))), "A late sign-in"),
                new IndicatorMeasured(P, "aware", "m-1", LocalDate.of(2024, 3, 1), 25, "Gjilan", Map.of(),
                        new DocumentReference("Baseline survey", "surveys/baseline.pdf", SHA)),
                new IndicatorMeasured(P, "aware", "m-2", LocalDate.of(2024, 6, 15), 41, "Tiranë", Map.of(), null));
    }

    private static TrainingDelivered training(String id, String on, String municipality, Participants participants) {
        return new TrainingDelivered(P, id, "Training for the media clubs", LocalDate.parse(on), municipality,
                participants, null, List.of("students", "sessions"), null, 1);
    }
}
