package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rejection is problem+json naming the offending field, and leaves the event store untouched. */
class CommandApiTest extends IntegrationTest {

    private final ObjectMapper json = new ObjectMapper();
    @Autowired
    org.kronika.command.KronikaCommandProperties properties;
    @Autowired
    java.time.Clock clock;

    @Test
    void theServicesClockCountsDaysInTheProgrammesTimeZone() {
        // Every "today" of the rules (a date in the future, a period not yet begun) is LocalDate.now(clock).
        assertThat(clock.getZone()).isEqualTo(java.time.ZoneId.of("Europe/Tirane"));
    }

    @Test
    void registeringTheSameProjectTwiceIsAConflict() throws Exception {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id)).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();

        var again = post("/api/projects", project(id));

        assertProblem(again, 409, "projectId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsPartsThatExceedTheTotal() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered", training("2024-03-12", "Gjilan", 10, 8, 3));
        assertProblem(response, 422, "participants.bySex");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRefusalNamesEveryFieldAtFaultInItsErrorsAndDetailInTheOrderTheyAreChecked() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 8, 3).replace("\"sessions\":1", "\"sessions\":0")
                        .replace("\"title\":\"Casemanagement\"", "\"title\":\"  \""));

        assertProblem(response, 422, "title");
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("errors").findValuesAsText("field"))
                .containsExactly("title", "participants.bySex", "sessions");
        assertThat(problem.path("detail").asText()).isEqualTo("title: must not be blank; participants.bySex: parts "
                + "add up to 11, more than the total of 10; sessions: must be at least 1");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * The request's shape reports its faults as a set; they are listed in the order the request states its members
     * (a list's entries by index, a nested member in its place), the same for the same request every time, and a
     * member left out "is required" whichever constraint finds it, as in an activity's body.
     */
    @Test
    void aRefusalOfTheRequestsShapeListsItsFieldsInTheOrderTheRequestStatesThemEveryTime() throws Exception {
        String id = withIndicatorTrained();
        long before = eventCount();

        for (int i = 0; i < 4; i++) {
            assertThat(json.readTree(post("/api/projects", "{}").getBody()).path("detail").asText()).isEqualTo(
                    "organisationId: is required; organisation: is required; title: is required; municipalities: "
                            + "is required; startDate: is required; endDate: is required");
            assertThat(json.readTree(post("/api/projects", "{\"specificObjectives\":[\" \",\" \",\" \"],"
                    + "\"targetGroups\":[\" \"],\"title\":\" \"}").getBody()).path("errors").findValuesAsText("field"))
                    .containsExactly("organisationId", "organisation", "title", "specificObjectives[0]",
                            "specificObjectives[1]", "specificObjectives[2]", "targetGroups[0]", "municipalities",
                            "startDate", "endDate");
            assertThat(json.readTree(post("/api/projects/" + id + "/indicators/trained/measurements/m-1/corrections",
                    "{\"corrected\":{},\"reason\":\" \"}").getBody()).path("detail").asText()).isEqualTo("reason: must "
                    + "not be blank; corrected.measuredOn: is required; corrected.value: is required");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * Only the body tells a member left out from one stated as null: a correction sending only the value would have
     * moved the figure to the national level and dropped its breakdown and its source without a word.
     */
    @Test
    void aMeasurementsCorrectionLeavingOutFactsItStatesIsRefusedAndOneStatingThemAsNullClearsThem() throws Exception {
        String id = withIndicatorTrained();
        String measurements = "/api/projects/" + id + "/indicators/trained/measurements";
        assertThat(post(measurements, """
                {"measurementId":"m-1","measuredOn":"2024-03-12","value":30,"municipality":"Gjilan",
                 "breakdown":{"sex:female":20},
                 "source":{"title":"Sign-in sheets","reference":"arch/12","sha256":"%s"}}"""
                .formatted("0".repeat(64))).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();

        var leftOut = post(measurements + "/m-1/corrections",
                "{\"reason\":\"A zero too many\",\"corrected\":{\"measuredOn\":\"2024-03-12\",\"value\":3}}");

        assertProblem(leftOut, 400, "corrected.breakdown");
        assertThat(json.readTree(leftOut.getBody()).path("errors").findValuesAsText("field"))
                .containsExactly("corrected.breakdown", "corrected.municipality", "corrected.source");
        assertThat(eventCount()).isEqualTo(before);
        var cleared = post(measurements + "/m-1/corrections", "{\"reason\":\"National after all\",\"corrected\":"
                + "{\"measuredOn\":\"2024-03-12\",\"value\":3,\"municipality\":null,\"breakdown\":null,"
                + "\"source\":null}}");
        assertThat(cleared.getStatusCode().value()).as(cleared.getBody()).isEqualTo(200);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /** Left out, a text and a number are the same fault, refused alike: 400, every one named. */
    @Test
    void requiredMembersLeftOutAreOneKindOfFaultWhateverTheirType() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/mentoring-session-held",
                "{\"activityId\":\"m-1\",\"title\":\"Mentoring\",\"occurredOn\":\"2024-03-12\","
                        + "\"participants\":{\"total\":3}}");

        assertProblem(response, 400, "topic");
        assertThat(json.readTree(response.getBody()).path("errors").findValuesAsText("field"))
                .containsExactly("topic", "organisationsMentored");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsNegativeCountsNamingTheField() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered", training("2024-03-12", "Gjilan", 10, -1, 3));
        assertProblem(response, 422, "participants.bySex.female");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsNonIntegerCounts() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"total\":10", "\"total\":10.5"));
        assertProblem(response, 400, "participants.total");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsHugeNumbersNamingTheField() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"total\":10", "\"total\":99999999999999999999"));
        assertProblem(response, 400, "participants.total");
        // Inside a breakdown too, named down to its part, whatever the size of the number.
        for (String huge : List.of("99999999999", "99999999999999999999")) {
            assertProblem(post("/api/projects/" + id + "/activities/training-delivered",
                    training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"female\":3", "\"female\":" + huge)), 400,
                    "participants.bySex.female");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** An escaped U+D800 is valid JSON but not Unicode: it has no UTF-8 form, so no copy of the event could match its hash. */
    @Test
    void rejectsTextWithAnUnpairedSurrogateAnywhereInTheBodyNamingTheField() throws Exception {
        String id = registered();
        assertThat(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3)).getStatusCode().value()).isEqualTo(201);
        String training = "/api/projects/" + id + "/activities/training-delivered";
        long before = eventCount();

        assertProblem(post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("Child protection", "Child \\ud800protection")), 400, "title");
        assertProblem(post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("\"title\"", "\"specificObjectives\":[\"Fine\",\"\\udc00\"],\"title\"")), 400,
                "specificObjectives[1]");
        assertProblem(post(training, training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("\"sessions\":1", "\"sessions\":1,\"module\":\"M\\ud83d\"")), 400, "module");
        assertProblem(post(training, training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("\"male\"", "\"\\ud800male\"")), 400, "participants.bySex");
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"\\udfff\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3) + "}"), 400, "reason");
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Miscounted\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3).replace("Case", "Case\\ud800") + "}"),
                400, "corrected.title");
        assertProblem(post("/api/projects/" + id + "/indicators", """
                {"indicatorId":"i-1","name":"Trained \\udbff","unit":"count","counts":"participants",
                 "aggregation":"sum","baseline":0,"target":10}"""), 400, "name");
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(training, training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("Case management", "Case management \\ud83d\\ude00")).getStatusCode().value())
                .as("a surrogate pair is one character, an emoji").isEqualTo(201);
    }

    @Test
    void rejectsNumbersOutsideZeroOrOneMillionthToTenToTheFifteenthNamingTheField() throws Exception {
        String id = registered();
        String indicators = "/api/projects/" + id + "/indicators";
        String indicator = """
                {"indicatorId":"i-1","name":"Trained","unit":"count","counts":"participants","aggregation":"sum",
                 "baseline":0,"target":10,"periodTargets":[{"periodId":"2024-Q2","target":5}]}""";
        assertThat(post(indicators, indicator).getStatusCode().value()).isEqualTo(201);
        String measurement = "{\"measurementId\":\"m-1\",\"measuredOn\":\"2024-03-12\",\"value\":3,"
                + "\"breakdown\":{\"sex:female\":2}}";
        assertThat(post(indicators + "/i-1/measurements", measurement.replace("m-1", "m-c")).getStatusCode().value())
                .isEqualTo(201);
        long before = eventCount();

        // 1e-400 and -1e-400 are no double: read, they would be 0, which the sender did not write.
        for (String number : java.util.List.of("1e-7", "1e21", "1000000000000000.2", "1e16", "38063050347914304",
                "1e-400", "-1e-400")) {
            String other = indicator.replace("i-1", "i-2");
            assertProblem(post(indicators, other.replace("\"target\":10", "\"target\":" + number)), 422, "target");
            assertProblem(post(indicators, other.replace("\"baseline\":0", "\"baseline\":" + number)), 422, "baseline");
            assertProblem(post(indicators, other.replace("\"target\":5", "\"target\":" + number)), 422,
                    "periodTargets[0].target");
            assertProblem(post(indicators + "/i-1/redefinitions", "{\"target\":" + number + ",\"reason\":\"r\"}"),
                    422, "target");
            assertProblem(post(indicators + "/i-1/measurements", measurement.replace("\"value\":3", "\"value\":" + number)),
                    422, "value");
            assertProblem(post(indicators + "/i-1/measurements", measurement.replace("\"sex:female\":2",
                    "\"sex:female\":" + number)), 422, "breakdown.sex:female");
            // A correction's facts are read with the names they state: the numbers as exactly as a recording's.
            String corrected = "{\"reason\":\"r\",\"corrected\":{\"measuredOn\":\"2024-03-12\",\"value\":3,"
                    + "\"breakdown\":{\"sex:female\":2}}}";
            assertProblem(post(indicators + "/i-1/measurements/m-c/corrections", corrected.replace("\"value\":3",
                    "\"value\":" + number)), 422, "corrected.value");
            assertProblem(post(indicators + "/i-1/measurements/m-c/corrections", corrected.replace(
                    "\"sex:female\":2", "\"sex:female\":" + number)), 422, "corrected.breakdown.sex:female");
        }
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(indicators, indicator.replace("i-1", "i-3").replace("\"target\":10", "\"target\":1e15")
                .replace("\"target\":5", "\"target\":0.000001")).getStatusCode().value())
                .as("the bounds themselves").isEqualTo(201);
        assertThat(post(indicators, indicator.replace("i-1", "i-4").replace("\"baseline\":0", "\"baseline\":0.0e-5"))
                .getStatusCode().value()).as("a zero written with an exponent is 0").isEqualTo(201);
    }

    /**
     * A period target names a period the project runs in, and the project's end stays in every period targeted: a
     * refusal names the entry's period, or the end date with the indicator and period, and records nothing.
     */
    @Test
    void rejectsAPeriodTargetOutsideTheProjectAndAnEndDateBeforeATargetedPeriodNamingTheField() throws Exception {
        String id = registered();
        String indicators = "/api/projects/" + id + "/indicators";
        String indicator = """
                {"indicatorId":"i-1","name":"Trained","unit":"count","counts":"participants","aggregation":"sum",
                 "baseline":0,"target":10,"periodTargets":[{"periodId":"2024-Q4","target":5},
                 {"periodId":"%s","target":10}]}""";
        long before = eventCount();

        var outside = post(indicators, indicator.formatted("2025-Q1"));

        assertProblem(outside, 422, "periodTargets[1].periodId");
        assertThat(json.readTree(outside.getBody()).path("detail").asText()).isEqualTo("periodTargets[1].periodId: "
                + "2025-Q1 (2025-01-01 to 2025-03-31) is outside the project's dates, 2024-01-01 to 2024-12-31");
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(indicators, indicator.formatted("2024-Q3")).getStatusCode().value()).isEqualTo(201);
        long defined = eventCount();

        var earlier = post("/api/projects/" + id + "/amendments",
                "{\"endDate\":\"2024-09-30\",\"reason\":\"Ends with Q3\"}");

        assertProblem(earlier, 422, "endDate");
        assertThat(json.readTree(earlier.getBody()).path("detail").asText()).contains("[2024-Q4] by indicator i-1");
        assertThat(eventCount()).isEqualTo(defined);
    }

    /** Each target per municipality names one of the project's municipalities, once: a refusal names the entry. */
    @Test
    void rejectsTargetsPerMunicipalityOutsideTheProjectNamedTwiceOrOutOfRangeNamingTheEntry() throws Exception {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id).replace("[\"Gjilan\"]", "[\"Gjilan\",\"Kamenicë\"]"))
                .getStatusCode().value()).isEqualTo(201);
        String indicators = "/api/projects/" + id + "/indicators";
        String indicator = """
                {"indicatorId":"kits","name":"Kits distributed","unit":"count","counts":"items","aggregation":"sum",
                 "baseline":0,"target":400,"municipalityTargets":[{"municipality":"Gjilani","target":200},%s]}""";
        long before = eventCount();

        for (String second : java.util.List.of("{\"municipality\":\"Ferizaj\",\"target\":200}",
                "{\"municipality\":\"gjilan\",\"target\":200}", "{\"municipality\":\"Mitrovica\",\"target\":200}")) {
            assertProblem(post(indicators, indicator.formatted(second)), 422, "municipalityTargets[1].municipality");
        }
        assertProblem(post(indicators, indicator.formatted("{\"municipality\":\"Kamenicë\",\"target\":-1}")), 422,
                "municipalityTargets[1].target");
        assertProblem(post(indicators, indicator.formatted("{\"municipality\":\"Kamenicë\",\"target\":null}")), 400,
                "municipalityTargets[1].target");
        // Left out, the target is required (not "of the wrong type"); named twice in its entry, it is named there.
        var missing = post(indicators, indicator.formatted("{\"municipality\":\"Kamenicë\"}"));
        assertProblem(missing, 400, "municipalityTargets[1].target");
        assertThat(missing.getBody()).contains("municipalityTargets[1].target: is required");
        var twice = post(indicators, indicator.formatted("{\"municipality\":\"Kamenicë\",\"target\":1,\"target\":2}"));
        assertProblem(twice, 400, "municipalityTargets[1].target");
        assertThat(twice.getBody()).contains("municipalityTargets[1].target: is named twice in one object");
        assertProblem(post(indicators, indicator.formatted("{\"municipality\":\"Kamenicë\",\"target\":1},"
                + "{\"municipality\":\"Gotham\",\"target\":1}")), 422, "municipalityTargets");
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(indicators, indicator.formatted("{\"municipality\":\"kamenica\",\"target\":200}"))
                .getStatusCode().value()).isEqualTo(201);
        assertProblem(post(indicators + "/kits/redefinitions", "{\"reason\":\"Moved\",\"municipalityTargets\":"
                + "[{\"municipality\":\"Ferizaj\",\"target\":400}]}"), 422, "municipalityTargets[0].municipality");
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /** A breakdown's key is one of the programme's categories, never free text, which could name a beneficiary. */
    @Test
    void rejectsAMeasurementBrokenDownByAnythingButTheProgrammesCategoriesNamingTheKey() throws Exception {
        String measurements = "/api/projects/" + withIndicatorTrained() + "/indicators/trained/measurements";
        String measurement = "{\"measurementId\":\"m-1\",\"measuredOn\":\"2024-03-12\",\"value\":3,"
                + "\"breakdown\":{%s}}";
        long before = eventCount();

        for (String key : java.util.List.of("name:arta-krasniqi", "id:1985-04-12", "sex:arta-krasniqi",
                "Name:Arta Krasniqi", "municipality:Gotham")) {
            assertProblem(post(measurements, measurement.formatted("\"" + key + "\":1")), 422, "breakdown." + key);
        }
        // A key of any size is named, not echoed back whole.
        ResponseEntity<String> longKey = post(measurements, measurement.formatted("\"name:" + "a".repeat(20_000) + "\":1"));
        assertThat(longKey.getStatusCode().value()).isEqualTo(422);
        assertThat(longKey.getBody()).hasSizeLessThan(2_000);
        assertThat(json.readTree(longKey.getBody()).path("errors").findValuesAsText("field")).singleElement()
                .satisfies(field -> assertThat(field).startsWith("breakdown.name:aaa").endsWith("…"));
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(measurements, measurement.formatted("\"sex:female\":2,\"municipality:gjilan\":3"))
                .getStatusCode().value()).isEqualTo(201);
    }

    /** A yes-no indicator's numbers are 0 or 1: a 7 was shown as "7 (yes/no)", 700 % of target. */
    @Test
    void rejectsAYesNoIndicatorsMeasurementOtherThanZeroOrOneNamingTheValue() throws Exception {
        String id = registered();
        String indicator = "/api/projects/" + id + "/indicators/opened";
        assertThat(post("/api/projects/" + id + "/indicators", """
                {"indicatorId":"opened","name":"Information office opened","unit":"yes-no","counts":"measured",
                 "aggregation":"latest","baseline":0,"target":1}""").getStatusCode().value()).isEqualTo(201);
        long before = eventCount();

        ResponseEntity<String> seven = post(indicator + "/measurements",
                "{\"measurementId\":\"m-1\",\"measuredOn\":\"2024-03-12\",\"value\":7}");
        assertProblem(seven, 422, "value");
        assertThat(json.readTree(seven.getBody()).path("detail").asText())
                .isEqualTo("value: must be 0 (no) or 1 (yes) for a yes-no indicator");
        assertProblem(post(indicator + "/redefinitions", "{\"target\":7,\"reason\":\"Seven offices\"}"), 422,
                "target");
        assertThat(eventCount()).isEqualTo(before);

        assertThat(post(indicator + "/measurements", "{\"measurementId\":\"m-1\",\"measuredOn\":\"2024-03-12\","
                + "\"value\":1}").getStatusCode().value()).isEqualTo(201);
    }

    /** A date is its text: Jackson alone read [2024,3,1] as 2024-03-01, and stored and published it as that. */
    @Test
    void rejectsADateWrittenAsAListOrANumberNamingTheField() throws Exception {
        String id = registered();
        long before = eventCount();
        for (String date : java.util.List.of("[2024,3,12]", "19794", "[\"2024-03-12\"]", "{\"date\":\"2024-03-12\"}")) {
            assertProblem(post("/api/projects", project("p-" + UUID.randomUUID()).replace("\"2024-01-01\"", date)), 400,
                    "startDate");
            assertProblem(post("/api/projects/" + id + "/activities/training-delivered",
                    training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"2024-03-12\"", date)), 400, "occurredOn");
            assertProblem(post("/api/projects/" + id + "/amendments", "{\"endDate\":" + date + ",\"reason\":\"r\"}"),
                    400, "endDate");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** -0 is 0: the sign of nothing would otherwise be stored, hashed and published ("baseline":-0.0). */
    @Test
    void aNegativeZeroIsRecordedAsZero() throws Exception {
        String id = registered();
        String indicators = "/api/projects/" + id + "/indicators";
        assertThat(post(indicators, """
                {"indicatorId":"i-1","name":"Trained","unit":"count","counts":"participants","aggregation":"sum",
                 "baseline":-0.0,"target":10}""").getStatusCode().value()).isEqualTo(201);
        assertThat(post(indicators + "/i-1/measurements", "{\"measurementId\":\"m-1\",\"measuredOn\":\"2024-03-12\","
                + "\"value\":-0,\"breakdown\":{\"sex:female\":-0.0e3}}").getStatusCode().value()).isEqualTo(201);
        try (Connection connection = TestInfrastructure.postgres().connect();
             var statement = connection.prepareStatement("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                     + " WHERE aggregateidentifier = ? AND sequencenumber > 0 ORDER BY sequencenumber")) {
            statement.setString(1, id);
            ResultSet rows = statement.executeQuery();
            java.util.List<String> payloads = new java.util.ArrayList<>();
            while (rows.next()) {
                payloads.add(rows.getString(1));
            }
            assertThat(payloads).hasSize(2).noneMatch(payload -> payload.contains(":-0"))
                    .anyMatch(payload -> payload.contains("\"baseline\":0.0"))
                    .anyMatch(payload -> payload.contains("\"value\":0.0") && payload.contains("\"sex:female\":0.0"));
        }
    }

    /** Published dates are RFC 3339 full-dates (four-digit years); the programme's range is 1900-2999. */
    @Test
    void rejectsDatesOutsideNineteenHundredToTwentyNineNinetyNineNamingTheField() throws Exception {
        long before = eventCount();
        String project = project("p-" + UUID.randomUUID());
        for (String start : java.util.List.of("0000-01-01", "1899-12-31", "-0001-01-01")) {
            assertProblem(post("/api/projects", project.replace("2024-01-01", start)), 422, "startDate");
        }
        for (String end : java.util.List.of("+999999999-12-31", "3000-01-01", "+10000-01-01")) {
            assertProblem(post("/api/projects", project.replace("2024-12-31", end)), 422, "endDate");
        }
        String id = registered();
        assertProblem(post("/api/projects/" + id + "/amendments",
                "{\"endDate\":\"+999999999-12-31\",\"reason\":\"Extended\"}"), 422, "endDate");
        assertThat(eventCount()).isEqualTo(before + 1);

        assertThat(post("/api/projects", project.replace("2024-01-01", "1900-01-01").replace("2024-12-31", "2999-12-31"))
                .getStatusCode().value()).as("the bounds themselves").isEqualTo(201);
    }

    @Test
    void rejectsATrainingBeforeTheProjectStarts() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered", training("2023-12-31", "Gjilan", 10, 3, 3));
        assertProblem(response, 422, "occurredOn");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnUnknownProjectWithNotFound() throws Exception {
        long before = eventCount();
        var response = post("/api/projects/no-such-project/activities/training-delivered", training("2024-03-12", "Gjilan", 10, 3, 3));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * An id in the path of a form no id has ({@code " x!"}) names nothing ever recorded: unknown, as an id of the
     * right form never recorded is, not a field of the body at fault.
     */
    @Test
    void aMalformedIdInThePathIsUnknownAsAnUnrecordedOneIs() throws Exception {
        String id = withIndicatorTrained();
        String recount = "{\"reason\":\"Recount\",\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3) + "}";
        String remeasured = "{\"reason\":\"Recount\",\"corrected\":{\"measuredOn\":\"2024-03-12\",\"value\":5}}";
        String retraction = "{\"reason\":\"Not held\"}";
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        unknown.put("/activities/%s/corrections", List.of(recount, "Unknown activity"));
        unknown.put("/activities/%s/retractions", List.of(retraction, "Unknown activity"));
        unknown.put("/indicators/trained/measurements/%s/corrections", List.of(remeasured, "Unknown measurement"));
        unknown.put("/indicators/trained/measurements/%s/retractions", List.of(retraction, "Unknown measurement"));
        unknown.put("/periods/%s/submissions", List.of("{\"comment\":\"Done\"}", "Unknown reporting period"));
        long before = eventCount();

        for (var path : unknown.entrySet()) {
            for (String pathId : List.of("never-recorded", "%20x%21")) {
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(MediaType.APPLICATION_JSON);
                // A URI, sent as written: a template would encode its '%' again.
                var response = http.postForEntity(java.net.URI.create("/api/projects/" + id
                        + path.getKey().formatted(pathId)), new HttpEntity<>(path.getValue().get(0), headers), String.class);
                assertThat(response.getStatusCode().value()).as(pathId + ": " + response.getBody()).isEqualTo(404);
                JsonNode problem = json.readTree(response.getBody());
                assertThat(problem.path("title").asText()).as(path.getKey()).isEqualTo(path.getValue().get(1));
                assertThat(problem.path("errors").isMissingNode()).as(pathId + " names no field").isTrue();
            }
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** The reporting calendar's stream is in the same event store, under an id a path can name: it is no project. */
    @Test
    void rejectsACommandToAStreamThatIsNoProjectWithNotFound() throws Exception {
        String calendar = org.kronika.command.calendar.ReportingCalendar.idOf(properties.programme());
        long before = eventCount();
        for (String path : java.util.List.of("/activities/training-delivered", "/amendments",
                "/periods/2024-Q1/submissions")) {
            String body = path.equals("/amendments") ? "{\"title\":\"Renamed\",\"reason\":\"Why not\"}"
                    : path.endsWith("/submissions") ? "{\"comment\":\"Done\"}"
                    : training("2024-03-12", "Gjilan", 10, 3, 3);
            var response = post("/api/projects/" + calendar + path, body);
            assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(404);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        long before = eventCount();
        var response = post("/api/projects", "{\"projectId\": \"x\", ");
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    /** The parser stops inside some member; the fault is the text, not that member's value. */
    @Test
    void rejectsBrokenJsonAsNotJsonBlamingNoField() throws Exception {
        String id = registered();
        long before = eventCount();
        String path = "/api/projects/" + id + "/activities/training-delivered";

        for (String broken : java.util.List.of("{\"title\":\"T\",",
                "{\"title\":\"T\",\"occurredOn\":\"2025-01-10\",\"sessions\":1,",
                "{\"title\":\"T\" \"occurredOn\":\"2025-01-10\"}",
                "{\"title\":\"T\"} x")) {
            var response = post(path, broken);
            assertThat(response.getStatusCode().value()).as(broken).isEqualTo(400);
            JsonNode problem = json.readTree(response.getBody());
            assertThat(problem.path("detail").asText()).as(broken).startsWith("The body is not valid JSON");
            assertThat(problem.has("errors")).as(response.getBody()).isFalse();
        }
        assertThat(json.readTree(post(path, "{\"title\":\n\"T\",").getBody()).path("detail").asText())
                .isEqualTo("The body is not valid JSON (line 2, column 5)");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * A number longer than the JSON reader takes is valid JSON all the same: the answer says what is too long, and in
     * which member, where the reader knows (it stops before the number's own member is read).
     */
    @Test
    void aNumberLongerThanTheReaderTakesIsNamedAsSuchNotAsBrokenJsonByTheMemberItIsIn() throws Exception {
        String id = registered();
        long before = eventCount();

        var response = post("/api/projects/" + id + "/activities/training-delivered",
                "{\"title\":\"T\",\"sessions\":" + "9".repeat(1001) + "}");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("title").asText()).isEqualTo("Malformed request body");
        assertThat(problem.path("detail").asText()).isEqualTo(
                "The body holds a number of more than 1000 digits, which no field takes");
        // Inside a member of a typed body, the reader knows which: the member it is in is named.
        JsonNode nested = json.readTree(post("/api/projects/" + id + "/indicators", "{\"indicatorId\":\"kits\","
                + "\"name\":\"Kits\",\"unit\":\"count\",\"counts\":\"items\",\"aggregation\":\"sum\",\"baseline\":0,"
                + "\"target\":10,\"municipalityTargets\":[{\"municipality\":\"Gjilan\",\"target\":" + "9".repeat(1001)
                + "}]}").getBody());
        assertThat(nested.at("/errors/0/field").asText()).as(nested.toString()).startsWith("municipalityTargets");
        assertThat(nested.at("/errors/0/message").asText()).as(nested.toString())
                .isEqualTo("holds a number of more than 1000 digits, which no field takes");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAMemberNamedTwiceSayingSo() throws Exception {
        String id = registered();
        long before = eventCount();

        var response = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-13", "Gjilan", 10, 3, 3).replace("\"total\":10", "\"total\":10,\"total\":9"));

        assertProblem(response, 400, "participants.total");
        assertThat(json.readTree(response.getBody()).path("detail").asText())
                .isEqualTo("participants.total: is named twice in one object");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnActivityNamingAnIndicatorTwiceNamingTheRepeat() throws Exception {
        String id = withIndicatorTrained();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"sessions\":1",
                        "\"sessions\":1,\"indicatorIds\":[\"trained\",\"trained\"]"));
        assertProblem(response, 422, "indicatorIds[1]");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** A null inside a list or a breakdown is named where it sits, not as the whole body. */
    @Test
    void rejectsANullInAnActivitysListOrBreakdownNamingIt() throws Exception {
        String id = registered();
        String training = training("2024-03-12", "Gjilan", 10, 3, 3);
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", training).getStatusCode().value())
                .isEqualTo(201);
        long before = eventCount();
        String nullIndicator = training.replace("\"sessions\":1", "\"sessions\":1,\"indicatorIds\":[null]");
        String nullCount = training.replace("\"female\":3", "\"female\":null");

        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", nullIndicator.replace("a-1", "a-2")),
                400, "indicatorIds[0]");
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", nullCount.replace("a-1", "a-2")),
                400, "participants.bySex.female");
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections",
                "{\"reason\":\"Miscounted\",\"corrected\":" + nullCount + "}"), 400, "corrected.participants.bySex.female");

        assertThat(eventCount()).isEqualTo(before);
    }

    /** A null inside any body's list is one fault, said alike whichever endpoint takes the list. */
    @Test
    void aNullInsideAListOfAnyBodyIsRefusedAlikeNamingTheEntry() throws Exception {
        String id = withIndicatorTrained();
        String project = "/api/projects/" + id;
        String indicator = """
                {"indicatorId":"reached","name":"People reached","unit":"count","counts":"participants",
                 "aggregation":"sum","baseline":0,"target":100,""";
        long before = eventCount();
        Map<String, ResponseEntity<String>> refused = new LinkedHashMap<>();
        refused.put("indicatorIds[0]", post(project + "/planned-activities", "{\"plannedActivityId\":\"pa-1\","
                + "\"title\":\"Trainings\",\"activityType\":\"training-delivered\",\"indicatorIds\":[null]}"));
        refused.put("dimensions[0]", post(project + "/indicators", indicator + "\"dimensions\":[null]}"));
        refused.put("periodTargets[0]", post(project + "/indicators", indicator + "\"periodTargets\":[null]}"));
        refused.put("municipalityTargets[0]", post(project + "/indicators", indicator
                + "\"municipalityTargets\":[null]}"));
        refused.put("dimensions[1]", post(project + "/indicators/trained/redefinitions",
                "{\"dimensions\":[\"sex\",null],\"reason\":\"By sex\"}"));
        refused.put("specificObjectives[1]", post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("\"title\"", "\"specificObjectives\":[\"Fine\",null],\"title\"")));
        refused.put("municipalities[0]", post(project + "/amendments",
                "{\"municipalities\":[null],\"reason\":\"Moved\"}"));

        for (var refusal : refused.entrySet()) {
            assertRefused(refusal.getValue(), 400, refusal.getKey(), refusal.getKey() + ": must not be null");
        }
        assertRefused(post(project + "/activities/training-delivered", training("2024-03-12", "Gjilan", 10, 3, 3)
                .replace("\"sessions\":1", "\"sessions\":1,\"indicatorIds\":[null]")), 400, "indicatorIds[0]",
                "indicatorIds[0]: must not be null");
        // A null among a map's values, as an activity's breakdown's: named where it sits too.
        assertRefused(post(project + "/indicators/trained/measurements", "{\"measurementId\":\"m-1\","
                + "\"measuredOn\":\"2024-03-12\",\"value\":3,\"breakdown\":{\"sex:female\":null}}"), 400,
                "breakdown.sex:female", "breakdown.sex:female: must not be null");
        assertRefused(post(project + "/indicators/trained/measurements/m-0/corrections", "{\"reason\":\"r\","
                + "\"corrected\":{\"measuredOn\":\"2024-03-12\",\"value\":3,\"breakdown\":{\"sex:male\":null}}}"),
                400, "corrected.breakdown.sex:male", "corrected.breakdown.sex:male: must not be null");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnIdThatCouldBeAPathOrAnOperator() throws Exception {
        long before = eventCount();
        assertProblem(post("/api/projects", project("../etc")), 400, "projectId");
        assertProblem(post("/api/projects", project("$gt")), 400, "projectId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRetriedTrainingWithTheSameActivityIdIsRecordedOnce() throws Exception {
        String id = registered();
        String body = training("2024-03-12", "Gjilan", 10, 3, 3);
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", body).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();
        ResponseEntity<String> again = post("/api/projects/" + id + "/activities/training-delivered", body);
        assertProblem(again, 409, "activityId");
        assertThat(json.readTree(again.getBody()).path("sameFacts").asBoolean(false)).as(again.getBody()).isTrue();
        // The place as the programme's alias spells it is the same place: the same facts.
        assertThat(json.readTree(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilani", 10, 3, 3)).getBody()).path("sameFacts").asBoolean(false)).isTrue();
        // A row fixed since in the source it is imported from: not the same, and the answer says how to correct it.
        ResponseEntity<String> fixed = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 11, 3, 3));
        assertProblem(fixed, 409, "activityId");
        assertThat(json.readTree(fixed.getBody()).path("sameFacts").asBoolean(true)).as(fixed.getBody()).isFalse();
        assertThat(json.readTree(fixed.getBody()).path("detail").asText())
                .contains("other facts", "/api/projects/" + id + "/activities/a-1/corrections");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnUnknownMunicipalityNamingIt() throws Exception {
        long before = eventCount();
        var body = project("p-" + UUID.randomUUID()).replace("[\"Gjilan\"]", "[\"Gjilan\",\"Gotham\"]");
        assertProblem(post("/api/projects", body), 422, "municipalities[1]");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * Names pasted from a spreadsheet, with a no-break space or in their Albanian definite form, are the municipalities
     * they name; one still unknown is refused showing the no-break space it carries, which looked like a plain one.
     */
    @Test
    void acceptsMunicipalitiesAsPastedAndRefusesAnUnknownOneShowingItsNoBreakSpace() throws Exception {
        var pasted = project("p-" + UUID.randomUUID()).replace("[\"Gjilan\"]", "[\"Gjilani\u00A0\",\"Vushtrria\"]");
        assertThat(post("/api/projects", pasted).getStatusCode().value()).isEqualTo(201);

        long before = eventCount();
        var unknown = post("/api/projects",
                project("p-" + UUID.randomUUID()).replace("[\"Gjilan\"]", "[\"Vushtrrria\u00A0\"]"));
        assertProblem(unknown, 422, "municipalities[0]");
        assertThat(json.readTree(unknown.getBody()).path("detail").asText()).isEqualTo("municipalities[0]: "
                + "'Vushtrrria\\u00A0' is not a municipality of programme kosovo-albania-civil-society; "
                + "did you mean Vushtrri?");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnUnknownActivityType() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/activities/party-thrown", "{}");
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAFieldTheActivityTypeDoesNotHave() throws Exception {
        String id = registered();
        long before = eventCount();
        var body = training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"sessions\":1", "\"sessions\":1,\"$where\":\"1\"");
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", body), 400, "$where");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnOversizedPayloadWith413() throws Exception {
        long before = eventCount();
        var body = project("p-" + UUID.randomUUID()).replace("Child protection", "x".repeat(300_000));
        var response = post("/api/projects", body);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAWrongContentType() throws Exception {
        long before = eventCount();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_PLAIN);
        var response = http.postForEntity("/api/projects", new HttpEntity<>(project("p-x"), headers), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(415);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAMissingContentTypeSayingWhatToSend() throws Exception {
        long before = eventCount();
        byte[] body = project("p-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ResponseEntity<String> response = http.execute("/api/projects", org.springframework.http.HttpMethod.POST,
                request -> request.getBody().write(body), answer -> new ResponseEntity<>(
                        new String(answer.getBody().readAllBytes(), StandardCharsets.UTF_8), answer.getHeaders(),
                        answer.getStatusCode()));
        assertProblem(response, 415, "Content-Type");
        assertThat(json.readTree(response.getBody()).path("detail").asText())
                .isEqualTo("Content-Type: is missing (send application/json)");
        // One sent but not a media type at all is there, and not JSON.
        ResponseEntity<String> unreadable = http.execute("/api/projects", org.springframework.http.HttpMethod.POST,
                request -> {
                    request.getHeaders().set(HttpHeaders.CONTENT_TYPE, "json");
                    request.getBody().write(body);
                }, answer -> new ResponseEntity<>(new String(answer.getBody().readAllBytes(), StandardCharsets.UTF_8),
                        answer.getHeaders(), answer.getStatusCode()));
        assertProblem(unreadable, 415, "Content-Type");
        assertThat(json.readTree(unreadable.getBody()).path("detail").asText())
                .isEqualTo("Content-Type: is not JSON (send application/json)");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** JSON between systems is UTF-8 (RFC 8259): a body declared otherwise would be stored garbled, for good. */
    @Test
    void rejectsABodyDeclaredInACharsetOtherThanUtf8() throws Exception {
        String id = registered();
        long before = eventCount();
        byte[] utf8 = training("2024-03-12", "Gjilan", 10, 3, 3).replace("Casemanagement", "Trajnim për")
                .getBytes(StandardCharsets.UTF_8);
        String path = "/api/projects/" + id + "/activities/training-delivered";

        var latin1 = http.postForEntity(path, new HttpEntity<>(utf8, contentType("application/json; charset=ISO-8859-1")),
                String.class);

        assertProblem(latin1, 415, "Content-Type");
        assertThat(json.readTree(latin1.getBody()).path("detail").asText())
                .isEqualTo("Content-Type: names charset ISO-8859-1, but JSON is UTF-8 (send application/json without a "
                        + "charset, or with charset=UTF-8)");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(http.postForEntity(path, new HttpEntity<>(utf8, contentType("application/json; charset=utf-8")),
                String.class).getStatusCode().value()).isEqualTo(201);
    }

    private static HttpHeaders contentType(String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, value);
        return headers;
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndRecordsNothing() throws Exception {
        String id = registered();
        String key = UUID.randomUUID().toString();
        String body = training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"activityId\":\"a-1\",", "");
        var first = post("/api/projects/" + id + "/activities/training-delivered", body, key, null);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        long after = eventCount();

        var retry = post("/api/projects/" + id + "/activities/training-delivered", body, key, null);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount()).isEqualTo(after);

        var reused = post("/api/projects/" + id + "/activities/training-delivered",
                body.replace("Case", "Other"), key, null);
        assertThat(reused.getStatusCode().value()).isEqualTo(422);
        assertThat(eventCount()).isEqualTo(after);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndAFreshOneAccepted() throws Exception {
        String id = registered();
        var first = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3), null, "\"0\"");
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(first.getHeaders().getETag()).isEqualTo("\"1\"");
        long before = eventCount();

        var stale = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2"), null, "\"0\"");
        assertProblem(stale, 412, "If-Match");
        assertThat(eventCount()).isEqualTo(before);

        var fresh = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2"), null, first.getHeaders().getETag());
        assertThat(fresh.getStatusCode().value()).isEqualTo(201);
    }

    /** If-Match compares strongly (RFC 9110, 13.1.1): W/"0" names no version, not version 0. */
    @Test
    void aWeakIfMatchIsRefusedNamingIfMatchEvenWhenItNamesTheCurrentVersion() throws Exception {
        String id = registered();
        long before = eventCount();

        var weak = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3), null, "W/\"0\"");

        assertRefused(weak, 400, "If-Match", "If-Match: must be a strong ETag as returned in ETag, e.g. \"3\": a weak "
                + "one (W/) never matches (RFC 9110, 13.1.1)");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void correctsAnActivityThroughTheApiWithoutTouchingTheOriginal() throws Exception {
        String id = registered();
        assertThat(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3)).getStatusCode().value()).isEqualTo(201);
        String corrected = "{\"reason\":\"Miscounted\",\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3) + "}";
        var response = post("/api/projects/" + id + "/activities/a-1/corrections", corrected);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        assertThat(json.readTree(response.getBody()).path("version").asInt()).isEqualTo(2);
        assertThat(TestInfrastructure.storedEvents(id)).isEqualTo(3);
    }

    @Test
    void rejectsAnAmendmentOrRedefinitionThatChangesNothingNamingTheField() throws Exception {
        String id = withIndicatorTrained();
        long before = eventCount();

        assertProblem(post("/api/projects/" + id + "/amendments",
                "{\"endDate\":\"2024-12-31\",\"reason\":\"Extension\"}"), 422, "endDate");
        assertProblem(post("/api/projects/" + id + "/indicators/trained/redefinitions",
                "{\"target\":100,\"reason\":\"Same target\"}"), 422, "target");

        assertThat(eventCount()).isEqualTo(before);
    }

    /** organisation and startDate are fixed at registration: sending one is no format error. */
    @Test
    void rejectsAnAmendmentOfAFieldNoAmendmentTakesListingThoseItTakes() throws Exception {
        String id = registered();
        long before = eventCount();

        var response = post("/api/projects/" + id + "/amendments", "{\"organisation\":\"Other\",\"reason\":\"x\"}");

        assertProblem(response, 400, "organisation");
        assertThat(json.readTree(response.getBody()).path("detail").asText()).isEqualTo("organisation: is not a field "
                + "this request takes; it takes endDate, generalGoal, municipalities, reason, specificObjectives, "
                + "summary, targetGroups, title");
        var activity = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"sessions\":1", "\"sessions\":1,\"hours\":2"));
        assertProblem(activity, 400, "hours");
        assertThat(json.readTree(activity.getBody()).path("detail").asText())
                .isEqualTo("hours: is not a field of training-delivered");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * A field at fault is one kind of refusal, "Invalid request", whichever body holds it and whichever reader
     * finds it (the request's own shape, an activity's facts, a constraint); only a body that is not JSON at all,
     * naming no field, is "Malformed request body".
     */
    @Test
    void aFieldAtFaultIsTheSameRefusalWhicheverBodyHoldsIt() throws Exception {
        String id = withIndicatorTrained();
        String redefinitions = "/api/projects/" + id + "/indicators/trained/redefinitions";
        String activities = "/api/projects/" + id + "/activities/training-delivered";
        long before = eventCount();

        Map<String, ResponseEntity<String>> refused = new LinkedHashMap<>();
        refused.put("unit", post(redefinitions, "{\"unit\":\"percent\",\"reason\":\"Typo\"}"));
        refused.put("target", post(redefinitions, "{\"target\":\"many\",\"reason\":\"Typo\"}"));
        refused.put("reason", post(redefinitions, "{\"target\":120,\"reason\":\" \"}"));
        refused.put("hours", post(activities, training("2024-03-12", "Gjilan", 10, 3, 3)
                .replace("\"sessions\":1", "\"sessions\":1,\"hours\":2")));
        refused.put("sessions", post(activities, training("2024-03-12", "Gjilan", 10, 3, 3)
                .replace("\"sessions\":1", "\"sessions\":\"one\"")));

        for (var refusal : refused.entrySet()) {
            assertProblem(refusal.getValue(), 400, refusal.getKey());
            assertThat(json.readTree(refusal.getValue().getBody()).path("title").asText()).as(refusal.getKey())
                    .isEqualTo("Invalid request");
        }
        assertThat(json.readTree(post(redefinitions, "{\"target\":").getBody()).path("title").asText())
                .isEqualTo("Malformed request body");
        // Valid JSON of another shape is said to be so, not to be no JSON; so is a body of nothing.
        for (String path : List.of(redefinitions, activities, "/api/projects")) {
            for (String body : List.of("[]", "5", "\"text\"", "true")) {
                JsonNode problem = json.readTree(post(path, body).getBody());
                assertThat(problem.path("title").asText()).as(path + " " + body).isEqualTo("Malformed request body");
                assertThat(problem.path("detail").asText()).as(path + " " + body)
                        .isEqualTo("The body must be a JSON object, {...}; it is JSON of another kind");
            }
            for (String body : List.of("{} {}", "{} 5")) {
                assertThat(json.readTree(post(path, body).getBody()).path("detail").asText()).as(path + " " + body)
                        .isEqualTo("The body holds more than one JSON value; it must be one JSON object");
            }
            for (String body : List.of("null", "")) {
                assertThat(json.readTree(post(path, body).getBody()).path("detail").asText()).as(path + " " + body)
                        .isEqualTo("The body is empty or null: it must be a JSON object");
            }
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** Each correction of an activity is one of its hundred: one stating the facts as they are is refused. */
    @Test
    void rejectsACorrectionThatChangesNothingNamingCorrected() throws Exception {
        String id = registered();
        assertThat(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3)).getStatusCode().value()).isEqualTo(201);
        String recount = "{\"reason\":\"Recount\",\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3) + "}";
        long before = eventCount();

        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Recount\","
                + "\"corrected\":" + training("2024-03-12", "Gjilani", 10, 3, 3) + "}"), 422, "corrected");
        // A title is stored without the space around it, so space around it changes nothing either.
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Recount\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"Casemanagement\"",
                "\" Casemanagement\\t\"") + "}"), 422, "corrected");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(post("/api/projects/" + id + "/activities/a-1/corrections", recount).getStatusCode().value())
                .isEqualTo(200);
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", recount), 422, "corrected");
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /**
     * A correction sending only what changes would blank the facts it leaves out, and partners would read them as no
     * longer stated: the ledger in PostgreSQL knows which facts the activity states, after its corrections too.
     */
    @Test
    void rejectsACorrectionLeavingOutAFactTheActivityStatesAndTakesOneClearingItWithNull() throws Exception {
        String id = registered();
        String online = training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"sessions\":1",
                "\"sessions\":1,\"deliveryMode\":\"online\"");
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", online).getStatusCode().value())
                .isEqualTo(201);
        long before = eventCount();

        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Recount\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3) + "}"), 400, "corrected.deliveryMode");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Recount\","
                + "\"corrected\":" + online.replace("\"total\":10", "\"total\":12").replace("\"female\":3",
                "\"female\":4") + "}").getStatusCode().value()).isEqualTo(200);
        assertThat(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Mode not known\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3).replace("\"sessions\":1",
                "\"sessions\":1,\"deliveryMode\":null") + "}").getStatusCode().value()).isEqualTo(200);
        assertThat(post("/api/projects/" + id + "/activities/a-1/corrections", "{\"reason\":\"Recount again\","
                + "\"corrected\":" + training("2024-03-12", "Gjilan", 13, 5, 3) + "}").getStatusCode().value())
                .as("a fact cleared may be left out after").isEqualTo(200);
        assertThat(eventCount()).isEqualTo(before + 3);
    }

    /** The same field as a measurement's, checked the same way at any date, not only where a period is approved. */
    @Test
    void rejectsAnActivitysOverlongChangeReasonWhereverItFalls() throws Exception {
        String id = registered();
        long before = eventCount();

        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", training("2024-03-12", "Gjilan",
                10, 3, 3).replace("{\"activityId\"", "{\"changeReason\":\"" + "x".repeat(1001) + "\",\"activityId\"")),
                400, "changeReason");

        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * Composing can lengthen a text (U+FB2C, one unit, is three once composed): a title or a name within its limit as
     * sent but not as it would be stored, and published, is refused; a partner holds the documented limit.
     */
    @Test
    void aTitleOrANameLongerOnceComposedThanItsLimitIsRefused() throws Exception {
        String id = registered();
        long before = eventCount();
        String lengthens = "\uFB2C";

        var title = post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("\"Child protection\"", "\"" + lengthens.repeat(300) + "\""));
        var name = post("/api/projects/" + id + "/indicators", """
                {"indicatorId":"i-1","name":"%s","unit":"count","counts":"participants",
                 "aggregation":"sum","baseline":0,"target":10}""".formatted(lengthens.repeat(300)));

        assertRefused(title, 422, "title",
                "title: must be at most 300 characters once composed (Unicode NFC), as it is stored");
        assertRefused(name, 422, "name",
                "name: must be at most 300 characters once composed (Unicode NFC), as it is stored");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(post("/api/projects/" + id + "/indicators", """
                {"indicatorId":"i-1","name":"%s","unit":"count","counts":"participants",
                 "aggregation":"sum","baseline":0,"target":10}""".formatted(lengthens.repeat(100)))
                .getStatusCode().value()).as("300 units once composed").isEqualTo(201);
    }

    /**
     * A text one character too long is one mistake, said in the same words whichever check catches it: the request's
     * shape (400: a registration's title, an entry of its objectives) or the project's rules (422: an activity's title).
     */
    @Test
    void anOverlongTextIsRefusedInTheSameWordsWhicheverCheckCatchesIt() throws Exception {
        String id = registered();
        long before = eventCount();

        var title = post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("\"Child protection\"", "\"" + "x".repeat(301) + "\""));
        var objective = post("/api/projects", project("p-" + UUID.randomUUID()).replace("\"municipalities\"",
                "\"specificObjectives\":[\"Safer schools\",\"" + "x".repeat(1001) + "\"],\"municipalities\""));
        var activityTitle = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("Casemanagement", "x".repeat(501)));

        assertRefused(title, 400, "title", "title: must be at most 300 characters");
        assertRefused(objective, 400, "specificObjectives[1]",
                "specificObjectives[1]: must be at most 1000 characters");
        assertRefused(activityTitle, 422, "title", "title: must be at most 500 characters");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * A list one entry too long is one mistake, said in the same words whichever check catches it: the request's shape
     * (400: a planned activity's indicatorIds) or the project's rules (422: an activity's). A project's municipalities
     * give both bounds, for none and for too many alike, as the project's rules do (ProjectTest.Registration).
     */
    @Test
    void tooManyEntriesAreRefusedInTheSameWordsWhicheverCheckCatchesThem() throws Exception {
        String id = registered();
        long before = eventCount();
        String indicatorIds = String.join(",", Collections.nCopies(21, "\"trained\""));

        var planned = post("/api/projects/" + id + "/planned-activities", """
                {"plannedActivityId":"pa-1","title":"Trainings","activityType":"training-delivered","indicatorIds":[%s]}"""
                .formatted(indicatorIds));
        var recorded = post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3)
                        .replace("\"sessions\":1", "\"sessions\":1,\"indicatorIds\":[" + indicatorIds + "]"));
        var noPlace = post("/api/projects/" + id + "/amendments", "{\"municipalities\":[],\"reason\":\"Moved\"}");
        var registeredNowhere = post("/api/projects", project("p-" + UUID.randomUUID()).replace("[\"Gjilan\"]", "[]"));
        var tooManyPlaces = post("/api/projects", project("p-" + UUID.randomUUID())
                .replace("[\"Gjilan\"]", "[" + String.join(",", Collections.nCopies(51, "\"Gjilan\"")) + "]"));

        assertRefused(planned, 400, "indicatorIds", "indicatorIds: must have at most 20 entries");
        assertRefused(recorded, 422, "indicatorIds", "indicatorIds: must have at most 20 entries");
        assertRefused(noPlace, 400, "municipalities", "municipalities: must have 1 to 50 entries");
        assertRefused(registeredNowhere, 400, "municipalities", "municipalities: must have 1 to 50 entries");
        assertRefused(tooManyPlaces, 400, "municipalities", "municipalities: must have 1 to 50 entries");
        // A count is bounded alike whichever check catches it: the request's for a plan, the rules' for an activity.
        assertRefused(post("/api/projects/" + id + "/planned-activities", """
                {"plannedActivityId":"pa-1","title":"Trainings","activityType":"training-delivered",
                 "plannedCount":10000001}"""), 400, "plannedCount", "plannedCount: must be at most 10000000");
        assertRefused(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"sessions\":1", "\"sessions\":10000001")),
                422, "sessions", "sessions: must be at most 10000000");
        assertThat(eventCount()).isEqualTo(before);
    }

    /** What the body cannot say: a member twice, a control character in stored text, another project to correct. */
    @Test
    void rejectsAmbiguousOrHiddenInputNamingTheField() throws Exception {
        String id = registered();
        assertThat(post("/api/projects/" + id + "/activities/training-delivered",
                training("2024-03-12", "Gjilan", 10, 3, 3)).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();
        String twice = training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("\"total\":10", "\"total\":10,\"total\":9000000");
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", twice), 400, "participants.total");
        String hidden = training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("Casemanagement", "Case\\u001b[2Jmanagement");
        assertThat(hidden).contains("\\u001b");
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", hidden), 422, "title");
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", hidden.replace("\\u001b[2J",
                "\\u202e")), 422, "title");
        String elsewhere = "{\"reason\":\"Miscounted\",\"corrected\":" + training("2024-03-12", "Gjilan", 12, 4, 3)
                .replace("{\"activityId\"", "{\"projectId\":\"another\",\"activityId\"") + "}";
        assertProblem(post("/api/projects/" + id + "/activities/a-1/corrections", elsewhere), 400,
                "corrected.projectId");
        assertThat(eventCount()).isEqualTo(before);
        String withLines = training("2024-03-13", "Gjilan", 10, 3, 3).replace("a-1", "a-2")
                .replace("Casemanagement", "Case\\tmanagement\\non two lines");
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", withLines).getStatusCode().value())
                .as("tabs and line breaks are text").isEqualTo(201);
    }

    /** Closing out is a reviewing officer's, reopening an administrator's: no other role gets past access control. */
    @Test
    void anOfficerClosesAProjectOutAndAnAdministratorReopensItAndNoOtherRoleMay() throws Exception {
        String id = closable();
        long before = eventCount();
        for (String client : List.of("recorder-komf", "admin-demo", "auditor-demo", "partner-demo")) {
            assertThat(postAs(client, "/api/projects/" + id + "/closures", "{}", null).getStatusCode().value())
                    .as(client).isEqualTo(403);
        }
        assertThat(eventCount()).isEqualTo(before);

        var closed = postAs("officer-demo", "/api/projects/" + id + "/closures",
                "{\"comment\":\"Final report approved\"}", "\"2\"");

        assertThat(closed.getStatusCode().value()).as(closed.getBody()).isEqualTo(200);
        assertThat(closed.getHeaders().getETag()).isEqualTo("\"3\"");
        assertThat(eventCount()).isEqualTo(before + 1);
        for (String client : List.of("officer-demo", "recorder-komf", "auditor-demo", "partner-demo")) {
            assertThat(postAs(client, "/api/projects/" + id + "/reopenings", "{\"reason\":\"Audit\"}", null)
                    .getStatusCode().value()).as(client).isEqualTo(403);
        }
        assertThat(eventCount()).isEqualTo(before + 1);
        var reopened = postAs("admin-demo", "/api/projects/" + id + "/reopenings",
                "{\"reason\":\"The audit found a training never recorded\"}", null);
        assertThat(reopened.getStatusCode().value()).as(reopened.getBody()).isEqualTo(200);
        assertThat(reopened.getHeaders().getETag()).isEqualTo("\"4\"");
    }

    /** One answer names all that stands in the way: the end date, and every period whose report is not approved. */
    @Test
    void aClosureOfAProjectNotEndedOrWithReportsNotApprovedIsAConflictNamingEachAndRecordsNothing() throws Exception {
        String id = registered("2022-01-01", "2022-06-30");
        assertThat(post("/api/projects/" + id + "/periods/2022-Q1/submissions", "{\"comment\":\"Q1\"}")
                .getStatusCode().value()).isEqualTo(200);
        // A month ahead, not today: the programme's midnight between this line and the closure would end it.
        java.time.LocalDate end = java.time.LocalDate.now(clock).plusMonths(1);
        String running = registered("2024-01-01", end.toString());
        long before = eventCount();

        var refused = post("/api/projects/" + id + "/closures", "{}", null, "\"1\"");

        assertProblem(refused, 409, "periodId");
        JsonNode problem = json.readTree(refused.getBody());
        assertThat(problem.path("title").asText()).isEqualTo("Project cannot be closed");
        assertThat(problem.path("detail").asText()).isEqualTo("periodId: the report for 2022-Q1 is submitted, not "
                + "approved; periodId: the report for 2022-Q2 was never submitted");
        assertThat(eventCount()).isEqualTo(before);

        var early = post("/api/projects/" + running + "/closures", "{}", null, "\"0\"");
        assertProblem(early, 409, "endDate");
        assertThat(json.readTree(early.getBody()).path("errors").path(0).path("message").asText())
                .startsWith("the project ends on " + end + "; it can be closed from " + end.plusDays(1));
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * Closed, the project takes nothing, whoever sends it, until an administrator reopens it; who may not touch it,
     * or names a version it is not at, is told that first. Reopened, it records again and is closed again.
     */
    @Test
    void aClosedProjectRefusesEveryCommandSayingWhenItWasClosedUntilAnAdministratorReopensIt() throws Exception {
        String id = closable();
        assertThat(post("/api/projects/" + id + "/closures", "{}", null, "\"2\"").getStatusCode().value())
                .isEqualTo(200);
        long before = eventCount();
        String training = training("2022-03-10", "Gjilan", 10, 3, 3);

        var recorded = post("/api/projects/" + id + "/activities/training-delivered", training);
        assertThat(recorded.getStatusCode().value()).as(recorded.getBody()).isEqualTo(409);
        assertThat(recorded.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(recorded.getBody());
        assertThat(problem.path("title").asText()).isEqualTo("Project closed");
        assertThat(problem.path("detail").asText()).isEqualTo("Project " + id + " was closed out at "
                + problem.path("closedAt").asText() + ": nothing more is recorded in it; an administrator must "
                + "reopen it first");
        assertThat(java.time.Instant.parse(problem.path("closedAt").asText())).isNotNull();
        for (String path : List.of("/amendments", "/closures", "/periods/2022-Q1/reopenings")) {
            var refused = post("/api/projects/" + id + path, path.equals("/amendments")
                    ? "{\"title\":\"Renamed\",\"reason\":\"Why\"}" : path.equals("/closures") ? "{}"
                    : "{\"reason\":\"Why\"}", null, "\"3\"");
            assertThat(refused.getStatusCode().value()).as(path + " " + refused.getBody()).isEqualTo(409);
            assertThat(json.readTree(refused.getBody()).path("title").asText()).as(path).isEqualTo("Project closed");
        }
        assertThat(postAs("recorder-kec", "/api/projects/" + id + "/activities/training-delivered", training, null)
                .getStatusCode().value()).as("another organisation's recorder").isEqualTo(403);
        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", training, null, "\"2\""), 412,
                "If-Match");
        assertThat(eventCount()).as("nothing recorded").isEqualTo(before);

        assertThat(post("/api/projects/" + id + "/reopenings", "{\"reason\":\"A training was never recorded\"}")
                .getStatusCode().value()).isEqualTo(200);
        var late = post("/api/projects/" + id + "/activities/training-delivered",
                training.replace("}}", "}},\"changeReason\":\"Found by the final audit\""), null, "\"4\"");
        assertThat(late.getStatusCode().value()).as(late.getBody()).isEqualTo(201);
        // The late training changed the approved quarter: final only once approved again, as it now stands.
        var changed = post("/api/projects/" + id + "/closures", "{\"comment\":\"Closed again\"}", null, "\"6\"");
        assertProblem(changed, 409, "periodId");
        assertThat(json.readTree(changed.getBody()).path("errors").path(0).path("message").asText()).isEqualTo(
                "the report for 2022-Q1 was approved, but changed by event 5 since: reopen it, have it submitted "
                        + "and approved again");
        assertThat(post("/api/projects/" + id + "/periods/2022-Q1/reopenings", "{\"reason\":\"The audit's training\"}")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(post("/api/projects/" + id + "/periods/2022-Q1/submissions", "{\"comment\":\"With it\"}")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(post("/api/projects/" + id + "/periods/2022-Q1/approvals", "{}", null, "\"8\"")
                .getStatusCode().value()).isEqualTo(200);
        var again = post("/api/projects/" + id + "/closures", "{\"comment\":\"Closed again\"}", null, "\"9\"");
        assertThat(again.getStatusCode().value()).as(again.getBody()).isEqualTo(200);
        assertThat(again.getHeaders().getETag()).isEqualTo("\"10\"");
    }

    @Test
    void reopeningAProjectThatIsNotClosedIsAConflictAndAReopeningNeedsItsReason() throws Exception {
        String id = registered();
        long before = eventCount();

        var refused = post("/api/projects/" + id + "/reopenings", "{\"reason\":\"Why not\"}");

        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(409);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(refused.getBody()).path("detail").asText()).isEqualTo("Project " + id
                + " is not closed: only a closed project can be reopened");
        assertProblem(post("/api/projects/" + id + "/reopenings", "{}"), 400, "reason");
        var longReason = post("/api/projects/" + id + "/reopenings", "{\"reason\":\"" + "x".repeat(1001) + "\"}");
        assertProblem(longReason, 400, "reason");
        assertThat(json.readTree(longReason.getBody()).path("detail").asText())
                .isEqualTo("reason: must be at most 1000 characters");
        assertProblem(post("/api/projects/" + id + "/closures", "{\"comment\":\" \"}"), 400, "comment");
        var longComment = post("/api/projects/" + id + "/closures", "{\"comment\":\"" + "x".repeat(2001) + "\"}");
        assertProblem(longComment, 400, "comment");
        assertThat(json.readTree(longComment.getBody()).path("detail").asText())
                .isEqualTo("comment: must be at most 2000 characters");
        assertThat(eventCount()).isEqualTo(before);
    }

    /**
     * A closure makes final the figures its officer looked at, as an approval certifies those reviewed: without
     * If-Match it is refused (428), and applies to that version only (412 after anything recorded since). Retried with
     * its key, it is answered as it was and recorded once, where a closure sent anew finds the project closed.
     */
    @Test
    void aClosureRequiresIfMatchAsAnApprovalDoesAndTakesAnIdempotencyKey() throws Exception {
        String closures = "/api/projects/" + closable() + "/closures";
        long before = eventCount();
        var unnamed = post(closures, "{}");
        assertProblem(unnamed, 428, "If-Match");
        assertThat(json.readTree(unnamed.getBody()).path("title").asText()).isEqualTo("Project version required");
        assertProblem(post(closures, "{}", null, "\"1\""), 412, "If-Match");
        assertThat(eventCount()).isEqualTo(before);

        String key = UUID.randomUUID().toString();
        var first = post(closures, "{\"comment\":\"Final\"}", key, "\"2\"");
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(200);
        assertThat(first.getHeaders().getETag()).isEqualTo("\"3\"");
        assertThat(eventCount()).isEqualTo(before + 1);

        var retry = post(closures, "{\"comment\":\"Final\"}", key, "\"2\"");
        assertThat(retry.getStatusCode().value()).isEqualTo(200);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        var anew = post(closures, "{\"comment\":\"Final\"}", UUID.randomUUID().toString(), "\"3\"");
        assertThat(anew.getStatusCode().value()).as(anew.getBody()).isEqualTo(409);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /**
     * An adopted recommendation's source is looked up among the project's activities in PostgreSQL, which takes no NUL
     * in a text: a source that is no activity id is refused as one, naming it, before it is looked up (it was a 500),
     * and without echoing what was sent.
     */
    @Test
    void aSourceActivityIdThatIsNoIdIsRefusedNamingItAndNothingIsRecorded() throws Exception {
        String adoptions = "/api/projects/" + registered() + "/activities/recommendation-adopted";
        long before = eventCount();
        for (String source : List.of("a\\u0000", "x".repeat(10_000), "a b")) {
            var refused = post(adoptions, """
                    {"activityId":"r-1","title":"Adopted","occurredOn":"2024-03-12","municipality":"Gjilan",
                     "institution":"Gjilan municipal assembly","recommendation":"Publish the budget",
                     "sourceActivityId":"%s"}""".formatted(source));
            assertRefused(refused, 422, "sourceActivityId", "sourceActivityId: must be 1-64 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** A project of 2022's first quarter, its report submitted and approved: it may be closed out. */
    private String closable() throws Exception {
        String id = registered("2022-01-01", "2022-03-31");
        assertThat(post("/api/projects/" + id + "/periods/2022-Q1/submissions", "{\"comment\":\"All recorded\"}")
                .getStatusCode().value()).isEqualTo(200);
        var approved = post("/api/projects/" + id + "/periods/2022-Q1/approvals", "{}", null, "\"1\"");
        assertThat(approved.getStatusCode().value()).as(approved.getBody()).isEqualTo(200);
        return id;
    }

    private String registered(String startDate, String endDate) {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id).replace("2024-01-01", startDate).replace("2024-12-31", endDate))
                .getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private ResponseEntity<String> postAs(String client, String path, String body, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(Tokens.of(client));
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /** A problem naming {@code field}, whose detail is {@code detail} word for word. */
    private void assertRefused(ResponseEntity<String> response, int status, String field, String detail)
            throws Exception {
        assertProblem(response, status, field);
        assertThat(json.readTree(response.getBody()).path("detail").asText()).isEqualTo(detail);
    }

    private void assertProblem(ResponseEntity<String> response, int status, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
    }

    private String registered() {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id)).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    /** A registered project with one indicator, {@code trained}: people trained, target 100. */
    private String withIndicatorTrained() {
        String id = registered();
        assertThat(post("/api/projects/" + id + "/indicators", """
                {"indicatorId":"trained","name":"People trained","unit":"count","counts":"participants",
                 "aggregation":"sum","baseline":0,"target":100}""").getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private static String project(String id) {
        return """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection","municipalities":["Gjilan"],
                 "startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(id);
    }

    private static String training(String on, String municipality, int total, int female, int male) {
        return """
                {"activityId":"a-1","title":"Case management","occurredOn":"%s","municipality":"%s","sessions":1,
                 "participants":{"total":%d,"bySex":{"female":%d,"male":%d}}}""".formatted(on, municipality, total, female, male)
                .replace("\n", "").replace(" ", "");
    }

    private ResponseEntity<String> post(String path, String body) {
        return post(path, body, null, null);
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private static long eventCount() throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
