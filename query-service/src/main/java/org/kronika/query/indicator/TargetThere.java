package org.kronika.query.indicator;

/**
 * One indicator's target in one municipality, with what was achieved there against it: a line of the
 * municipality's page, read without the indicator's other figures.
 */
public record TargetThere(String indicatorId, String name, String unit, ProgressView.AgainstTarget figures) {
}
