package org.kronika.query.project;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One amendment of a project's details: each field it changed, before and after. Amendments per project are
 * bounded by the command side.
 */
public record Amendment(long sequence, Instant recordedAt, String reason, SortedMap<String, Change> changes) {

    public record Change(Object before, Object after) {
    }

    public Amendment(long sequence, Instant recordedAt, String reason, Map<String, Change> changes) {
        this(sequence, recordedAt, reason, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(changes)));
    }
}
