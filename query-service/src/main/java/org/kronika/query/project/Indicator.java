package org.kronika.query.project;

import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An indicator of the project's logframe: its definition now, each definition it had (redefinitions per
 * indicator are bounded by the command side), and its progress.
 */
public record Indicator(IndicatorDefinition definition, List<Definition> definitions, IndicatorProgress progress) {

    /**
     * @param reason why it was redefined; {@code null} for the first definition
     */
    public record Definition(long sequence, Instant recordedAt, String reason, IndicatorDefinition definition) {
    }

    public Indicator {
        definitions = List.copyOf(definitions);
    }

    public String indicatorId() {
        return definition.indicatorId();
    }

    Indicator withProgress(IndicatorProgress changed) {
        return new Indicator(definition, definitions, changed);
    }

    Indicator redefined(Definition redefinition) {
        List<Definition> all = new ArrayList<>(definitions);
        all.add(redefinition);
        return new Indicator(redefinition.definition(), all, progress);
    }

    /** As defined once the event at {@code version} had been applied; null if not defined by then. */
    public IndicatorDefinition definitionAsOf(long version) {
        IndicatorDefinition result = null;
        for (Definition d : definitions) {
            if (d.sequence() <= version) {
                result = d.definition();
            }
        }
        return result;
    }
}
