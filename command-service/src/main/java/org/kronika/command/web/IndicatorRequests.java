package org.kronika.command.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;
import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.events.DocumentReference;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

import static org.kronika.command.project.Limits.AT_MOST_ENTRIES;
import static org.kronika.command.project.TextLimits.AT_MOST;

/** Bodies of the indicator endpoints. */
final class IndicatorRequests {

    private static final String MUNICIPALITY_TARGETS = "What to reach in each of the project's municipalities by its "
            + "end, under the indicator's aggregation: each municipality named as in an activity (an alias is stored "
            + "under its canonical name) and at most once, so at most one entry per municipality of the project. "
            + "In a redefinition, the list as it now stands ([] removes them all); left out, they stay as they are.";

    private IndicatorRequests() {
    }

    record Define(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String indicatorId,
            @Schema(description = TextLimits.AS_STORED)
            @NotBlank @Size(max = TextLimits.INDICATOR_NAME, message = AT_MOST) String name,
            // The words of Vocabulary's lists, which annotations cannot name; CommandExamplesTest holds them equal.
            @Schema(allowableValues = {"count", "percent", "yes-no", "score"}) @NotBlank String unit,
            @Schema(allowableValues = {"participants", "activities", "items", "measured"}) @NotBlank String counts,
            @Schema(allowableValues = {"sum", "average", "latest"}) @NotBlank String aggregation,
            @NotNull Double baseline,
            @NotNull Double target,
            @Size(max = Limits.PERIOD_TARGETS_PER_INDICATOR, message = AT_MOST_ENTRIES)
            List<@Valid PeriodTarget> periodTargets,
            @Schema(description = MUNICIPALITY_TARGETS)
            @Size(max = Limits.MUNICIPALITIES_PER_PROJECT, message = AT_MOST_ENTRIES)
            List<@Valid MunicipalityTarget> municipalityTargets,
            @ArraySchema(schema = @Schema(allowableValues = {"sex", "age-band", "community", "municipality"}))
            @Size(max = Limits.DIMENSIONS_PER_INDICATOR, message = AT_MOST_ENTRIES) List<String> dimensions,
            @Schema(description = "Why the logframe gains an indicator after a period was approved: required then, "
                    + "as the new indicator's figures join every approved period's")
            @Size(max = TextLimits.REASON, message = AT_MOST) String changeReason) {
    }

    record Redefine(
            @Schema(description = TextLimits.AS_STORED)
            @Size(max = TextLimits.INDICATOR_NAME, message = AT_MOST) String name,
            Double target,
            @Size(max = Limits.PERIOD_TARGETS_PER_INDICATOR, message = AT_MOST_ENTRIES)
            List<@Valid PeriodTarget> periodTargets,
            @Schema(description = MUNICIPALITY_TARGETS)
            @Size(max = Limits.MUNICIPALITIES_PER_PROJECT, message = AT_MOST_ENTRIES)
            List<@Valid MunicipalityTarget> municipalityTargets,
            @ArraySchema(schema = @Schema(allowableValues = {"sex", "age-band", "community", "municipality"}))
            @Size(max = Limits.DIMENSIONS_PER_INDICATOR, message = AT_MOST_ENTRIES) List<String> dimensions,
            @NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason) {
    }

    record Measure(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String measurementId,
            @NotNull LocalDate measuredOn,
            @NotNull Double value,
            @Size(max = TextLimits.MUNICIPALITY_NAME, message = AT_MOST) String municipality,
            // Keys are not patterned here: the project's rules judge each against the programme's vocabulary
            // (a municipality is named as in an activity, "municipality:Mitrovicë e Jugut"), as 422 naming it.
            @Schema(description = "Parts of the value, each keyed dimension:category in the programme's vocabulary "
                    + "(GET /api/programme): sex:female, age-band:18-24, community:roma, or municipality: and one "
                    + "of the project's municipalities, stored under its canonical name. Any other key is refused, "
                    + "422 naming breakdown.<key>: a key is never free text, which could hold personal data.")
            // A part without a value is refused where it sits, as a null in any list is (StrictJson).
            @JsonSetter(contentNulls = Nulls.FAIL)
            @Size(max = Limits.MEASUREMENT_BREAKDOWN_ENTRIES, message = AT_MOST_ENTRIES) Map<String, Double> breakdown,
            DocumentReference source,
            @Size(max = TextLimits.REASON, message = AT_MOST) String changeReason) {
    }

    /** The measurement stated anew, in full, and why. */
    record Correct(@NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason,
                   @NotNull @Valid Measured corrected) {
    }

    /**
     * A measurement's facts as a correction states them: all of them, as when it was recorded; with which optional
     * members the body names, as null or with a value, which the record's members alone cannot tell from left out.
     */
    @Schema(description = "The measurement's facts in full, as they should stand: municipality, breakdown and source "
            + "left out while the measurement states them are refused, 400 naming each (a client sending only what "
            + "changes would blank them); stated as null, they are cleared.")
    @JsonDeserialize(using = MeasuredReader.class)
    record Measured(
            @NotNull LocalDate measuredOn,
            @NotNull Double value,
            @Size(max = TextLimits.MUNICIPALITY_NAME, message = AT_MOST) String municipality,
            @Schema(description = "As a measurement's breakdown: keys dimension:category in the programme's "
                    + "vocabulary, refused otherwise as 422 naming corrected.breakdown.<key>")
            @Size(max = Limits.MEASUREMENT_BREAKDOWN_ENTRIES, message = AT_MOST_ENTRIES) Map<String, Double> breakdown,
            DocumentReference source,
            @JsonIgnore @Schema(hidden = true) Set<String> named) {
    }

    /** {@link Measured}'s members as the body gives them. */
    private record MeasuredMembers(
            LocalDate measuredOn,
            Double value,
            String municipality,
            // A part without a value is refused where it sits, as a null in any list is (StrictJson).
            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, Double> breakdown,
            DocumentReference source) {
    }

    /** Reads {@link Measured} with the names of the optional members its body has, null or not. */
    static final class MeasuredReader extends StdDeserializer<Measured> {

        MeasuredReader() {
            super(Measured.class);
        }

        @Override
        public Measured deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // Tokens, not a tree: a tree holds a number as a double, so 1e-400 came to the strict reading as 0.
            TokenBuffer body = context.bufferAsCopyOfValue(parser);
            Set<String> named = new HashSet<>();
            try (JsonParser members = body.asParser(parser.getCodec())) {
                if (members.nextToken() == JsonToken.START_OBJECT) {
                    while (members.nextToken() == JsonToken.FIELD_NAME) {
                        named.add(members.currentName());
                        members.nextToken();
                        members.skipChildren();
                    }
                }
            }
            MeasuredMembers members;
            try (JsonParser facts = body.asParser(parser.getCodec())) {
                facts.nextToken();
                members = context.readValue(facts, MeasuredMembers.class);
            }
            named.retainAll(CorrectMeasurement.OPTIONAL);
            return new Measured(members.measuredOn(), members.value(), members.municipality(), members.breakdown(),
                    members.source(), named);
        }
    }
}
