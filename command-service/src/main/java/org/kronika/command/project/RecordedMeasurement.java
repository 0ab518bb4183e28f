package org.kronika.command.project;

import java.time.LocalDate;

/**
 * One measurement of a project's {@link MeasurementLedger}, as its rules need it.
 *
 * @param indicatorId the indicator it measures, which a correction keeps
 * @param measuredOn  the day it holds for, as last corrected: what an approved period's lock is checked against
 * @param retracted   whether it was retracted, after which it cannot change
 * @param corrections how often it was corrected
 * @param facts       the fingerprint of its facts as last recorded or corrected ({@link MeasurementChange#facts}): a
 *                    correction must change them
 * @param stated      which of its optional facts (place, breakdown, source) it states as last recorded or corrected,
 *                    which a correction may not leave out; null if not known (a row an older version wrote)
 */
public record RecordedMeasurement(String indicatorId, LocalDate measuredOn, boolean retracted, int corrections,
                                  String facts, StatedFacts stated) {
}
