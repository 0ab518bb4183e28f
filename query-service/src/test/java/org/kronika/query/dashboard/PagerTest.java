package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PagerTest {

    private static final String LINK = "/dashboard?page=";

    @Test
    void aPageBetweenOthersLeadsToTheOnesBeforeAndAfter() {
        Pager middle = new Pager(1, 3, LINK);
        assertThat(middle.pastEnd()).isFalse();
        assertThat(middle.shown()).isTrue();
        assertThat(middle.previous()).isEqualTo(LINK + 0);
        assertThat(middle.next()).isEqualTo(LINK + 2);
    }

    @Test
    void theFirstPageLeadsNowhereBeforeItAndTheLastNowhereAfterIt() {
        assertThat(new Pager(0, 3, LINK).previous()).isNull();
        assertThat(new Pager(2, 3, LINK).next()).isNull();
        assertThat(new Pager(2, 3, LINK).previous()).isEqualTo(LINK + 1);
    }

    @Test
    void aPagePastTheEndSaysSoAndLeadsOnlyBackToTheLastPage() {
        Pager past = new Pager(7, 2, LINK);
        assertThat(past.pastEnd()).isTrue();
        assertThat(past.shown()).isTrue();
        assertThat(past.previous()).as("not page 7, past the end too").isNull();
        assertThat(past.next()).isNull();
        assertThat(past.lastPage()).isEqualTo(LINK + 1);
        assertThat(new Pager(2, 2, LINK).pastEnd()).as("the first page past the end").isTrue();
    }

    @Test
    void anEmptyListIsOneEmptyPageWithNowhereToGo() {
        Pager empty = new Pager(0, 0, LINK);
        assertThat(empty.pastEnd()).isFalse();
        assertThat(empty.last()).isEqualTo(1);
        assertThat(empty.shown()).isFalse();
        assertThat(empty.previous()).isNull();
        assertThat(empty.next()).isNull();
        Pager pastEmpty = new Pager(3, 0, LINK);
        assertThat(pastEmpty.pastEnd()).isTrue();
        assertThat(pastEmpty.lastPage()).isEqualTo(LINK + 0);
        assertThat(new Pager(0, 1, LINK).shown()).as("one page").isFalse();
    }
}
