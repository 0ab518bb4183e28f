package org.kronika.command.project;

import java.time.LocalDate;

/**
 * One activity of a project's ledger.
 *
 * @param type        its public type name, which a correction must keep
 * @param occurredOn  the day it happened, as last corrected: what an approved period's lock is checked against
 * @param retracted   whether it was retracted, after which it cannot change
 * @param corrections how often it was corrected
 * @param facts       the fingerprint of its facts as last recorded or corrected ({@link Changes#ofFacts}): a
 *                    correction must change them
 * @param stated      the facts it states as last recorded or corrected ({@link StatedFacts}), which a correction
 *                    may not leave out; null where not known (a row written by an older version)
 */
public record RecordedActivity(String type, LocalDate occurredOn, boolean retracted, int corrections, String facts,
                               StatedFacts stated) {
}
