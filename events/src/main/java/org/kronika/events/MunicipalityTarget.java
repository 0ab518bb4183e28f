package org.kronika.events;

/**
 * @param municipality one of the project's municipalities, as the programme spells it
 * @param target       the value to reach there by the end of the project, under the indicator's aggregation (a
 *                     sum's share of the place, an average's or latest value's level there)
 */
public record MunicipalityTarget(String municipality, double target) {
}
