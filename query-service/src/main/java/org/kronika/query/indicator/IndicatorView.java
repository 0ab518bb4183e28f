package org.kronika.query.indicator;

import java.time.Instant;
import java.util.List;

/**
 * An indicator as shown: its definition now, every definition it had and why it changed, and its progress.
 */
public record IndicatorView(String indicatorId, IndicatorDefinition definition, List<DefinitionView> definitions,
                            ProgressView progress) {

    public record DefinitionView(long sequence, Instant recordedAt, String reason, IndicatorDefinition definition) {
    }
}
