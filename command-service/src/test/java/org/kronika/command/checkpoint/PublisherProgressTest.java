package org.kronika.command.checkpoint;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint waits until the Kafka publisher has put every event it signs on the topic. */
class PublisherProgressTest {

    @Test
    void anEventIsPublishedOnceThePublisherPassedItAndItIsNoGap() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(100, List.of(97L));
        assertThat(PublisherProgress.covers(token, List.of(3L, 96L, 100L))).isTrue();
        assertThat(PublisherProgress.covers(token, List.of(3L, 101L))).as("not reached yet").isFalse();
        assertThat(PublisherProgress.covers(token, List.of(97L)))
                .as("passed while its transaction was open: published when it appears").isFalse();
        assertThat(PublisherProgress.covers(null, List.of(1L))).as("the publisher never ran").isFalse();
    }

    @Test
    void aReplayingPublisherCoversOnlyWhatItRepublished() {
        var replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(40, List.of()));
        assertThat(PublisherProgress.covers(replay, List.of(40L))).isTrue();
        assertThat(PublisherProgress.covers(replay, List.of(41L))).isFalse();
        assertThat(PublisherProgress.covers(new GlobalSequenceTrackingToken(7), List.of(7L))).isTrue();
    }

    /**
     * The token an operator's republish leaves (deleted, Axon creates it anew as a replay from the start up to the
     * head it saw), until the first batch: it has passed nothing, which is an answer, not a failure to find one.
     */
    @Test
    void aPublisherWhoseTokenWasResetToTheStartHasPublishedNothingYet() {
        var fromTheStart = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()));
        assertThat(PublisherProgress.covers(fromTheStart, List.of(1L))).isFalse();
    }
}
