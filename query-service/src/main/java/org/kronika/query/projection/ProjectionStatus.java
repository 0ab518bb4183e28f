package org.kronika.query.projection;

import org.kronika.query.readmodel.Generation;

import java.time.Instant;
import java.util.List;

/**
 * How one generation's projection is doing, as health, metrics and operators see it.
 *
 * @param state     starting, catching up, following, joining the consumer group (at the start, or again after a
 *                  rebalance or being dropped from it), reading no partitions (more instances than partitions), or
 *                  failing
 * @param applied   events applied to this generation
 * @param remaining records on the partitions this instance reads that it has not read yet, as of the last progress
 *                  check; while it joins the group (and owns none), the records beyond the generation's checkpoint
 * @param rate      events applied per second since the previous progress check
 * @param parked    projects waiting for an event or parked for an operator
 * @param failure     the last error in full, while failing: its message may name projects and organisations, so it
 *                    is for the log and administrators
 * @param failureType the last error's class alone, while failing: what health, which answers anyone, shows
 */
public record ProjectionStatus(Generation generation, String state, long applied, long remaining, double rate,
                               List<ParkedProject> parked, String failure, String failureType,
                               Instant failingSince) {

    static ProjectionStatus starting(Generation generation, long applied) {
        return new ProjectionStatus(generation, "starting", applied, -1, 0, List.of(), null, null, null);
    }

    ProjectionStatus failing(Throwable error, Instant now) {
        return new ProjectionStatus(generation, "failing", applied, remaining, 0, parked, error.toString(),
                error.getClass().getSimpleName(), failingSince != null ? failingSince : now);
    }

    /**
     * Started again after a failure: still failing, since when it first failed, until a progress check finds Kafka
     * answering. Cleared at every restart, a broker that stayed away showed UP between two failed attempts, and
     * never DOWN for long enough to be reported.
     */
    ProjectionStatus resumed() {
        return new ProjectionStatus(generation, "catching up", applied, remaining, rate, parked, failure, failureType,
                failingSince);
    }

    public boolean isFailing() {
        return failure != null;
    }
}
