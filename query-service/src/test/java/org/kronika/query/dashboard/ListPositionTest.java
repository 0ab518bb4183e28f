package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListPositionTest {

    private static final long TOTAL = 230;

    @Test
    void theFirstPageStartsAtOneAndTheLastEndsAtTheTotalWhateverTheLinkCarried() {
        assertThat(ListPosition.of(50, true, false, false, false, null, TOTAL))
                .isEqualTo(new ListPosition(1L, 50L, TOTAL));
        assertThat(ListPosition.of(30, false, true, true, false, 150L, TOTAL)).as("a link's place off by some")
                .isEqualTo(new ListPosition(201L, 230L, TOTAL));
        assertThat(ListPosition.of(12, true, true, false, true, 90L, 12L)).as("a page before that is the first page")
                .isEqualTo(new ListPosition(1L, 12L, 12L));
    }

    @Test
    void aPageBetweenCountsOnFromThePlaceItsLinkCarried() {
        assertThat(ListPosition.of(50, false, false, true, false, 50L, TOTAL)).as("after the 50th")
                .isEqualTo(new ListPosition(51L, 100L, TOTAL));
        assertThat(ListPosition.of(50, false, false, false, true, 101L, TOTAL)).as("before the 101st")
                .isEqualTo(new ListPosition(51L, 100L, TOTAL));
        assertThat(ListPosition.of(7, false, false, true, false, 3L, null)).as("overdue: never counted")
                .isEqualTo(new ListPosition(4L, 10L, null));
    }

    @Test
    void aPlaceThatCannotBeRightOrWasNotCarriedIsNotShown() {
        assertThat(ListPosition.of(50, false, false, true, false, null, TOTAL).known()).as("no place carried")
                .isFalse();
        assertThat(ListPosition.of(50, false, false, false, true, 20L, TOTAL).known()).as("before the first")
                .isFalse();
        assertThat(ListPosition.of(50, false, false, true, false, 200L, TOTAL).known()).as("past the total")
                .isFalse();
        assertThat(ListPosition.of(0, false, true, true, false, 50L, TOTAL)).as("an empty page")
                .isEqualTo(new ListPosition(null, null, TOTAL));
    }
}
