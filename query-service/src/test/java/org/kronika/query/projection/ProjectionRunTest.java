package org.kronika.query.projection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionRunTest {

    @Test
    void liveCheckpointsComeEveryQuarterSecondWhileTheirRollupsAreCheap() {
        assertThat(ProjectionRun.checkpointWait(false, 0)).isEqualTo(250);
        assertThat(ProjectionRun.checkpointWait(false, 20)).isEqualTo(250);
    }

    @Test
    void aCostlyRollupSpacesTheNextLiveCheckpointToTenTimesItsOwnTimeButNoMoreThanFiveSeconds() {
        assertThat(ProjectionRun.checkpointWait(false, 75)).isEqualTo(750);
        assertThat(ProjectionRun.checkpointWait(false, 2000)).isEqualTo(5000);
    }

    @Test
    void catchingUpCheckpointsWaitTenSecondsOrTenTimesTheLastOnesTime() {
        assertThat(ProjectionRun.checkpointWait(true, 50)).isEqualTo(10_000);
        assertThat(ProjectionRun.checkpointWait(true, 3000)).isEqualTo(30_000);
    }
}
