package org.kronika.query.projection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionRunTest {

    @Test
    void liveCheckpointsComeEverySecondWhileTheirRollupsAreCheap() {
        assertThat(ProjectionRun.checkpointWait(false, 0)).isEqualTo(1000);
        assertThat(ProjectionRun.checkpointWait(false, 60)).isEqualTo(1000);
    }

    @Test
    void aCostlyRollupSpacesTheNextLiveCheckpointToTenTimesItsOwnTimeButNoMoreThanFiveSeconds() {
        assertThat(ProjectionRun.checkpointWait(false, 175)).isEqualTo(1750);
        assertThat(ProjectionRun.checkpointWait(false, 2000)).isEqualTo(5000);
    }

    @Test
    void catchingUpCheckpointsWaitTenSecondsOrTenTimesTheLastOnesTime() {
        assertThat(ProjectionRun.checkpointWait(true, 50)).isEqualTo(10_000);
        assertThat(ProjectionRun.checkpointWait(true, 3000)).isEqualTo(30_000);
    }
}
