package org.kronika.query.dashboard.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's stream as the watch asks it, from the watch's own threads, when the container has already ended the request
 * (its error dispatch after a write failed, or the page left): Tomcat then refuses both the write and the end. The
 * stream answers that the page is gone, and throws nothing, or the watch would neither forget it nor end the others
 * at a stop. The race that makes it happen in a server was seen once in a full run; here the emitter refuses at once.
 */
class LiveStreamTest {

    /**
     * A stream lasts as long as the sign-in's token, at most half an hour. A token that ran out between the sign-in's
     * check and the stream's opening gave it a timeout of 0, which the servlet container reads as none: the page went
     * on hearing versions after its sign-in ended.
     */
    @Test
    void aStreamEndsWithItsSignInsTokenEvenOneThatJustRanOut() {
        java.time.Instant now = java.time.Instant.parse("2026-12-07T12:00:00Z");
        LiveUpdates live = new LiveUpdates(null, null, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));

        assertThat(live.openFor(signedInUntil(now.plusSeconds(600)))).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(live.openFor(signedInUntil(now.plusSeconds(7200)))).isEqualTo(java.time.Duration.ofMinutes(30));
        for (java.time.Instant ended : List.of(now, now.minusSeconds(1), now.plusNanos(1000))) {
            assertThat(live.openFor(signedInUntil(ended)).toMillis()).as("token ending at " + ended).isEqualTo(1);
        }
    }

    private static org.springframework.security.core.Authentication signedInUntil(java.time.Instant expiresAt) {
        var token = org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t").header("alg", "RS256")
                .subject("officer-demo").issuedAt(expiresAt.minusSeconds(3600)).expiresAt(expiresAt).build();
        org.kronika.security.SignedIn person = () -> token;
        return new org.springframework.security.authentication.TestingAuthenticationToken(person, null);
    }

    @Test
    void aPageWhoseRequestTheContainerEndedIsGoneAndNothingIsThrown() {
        EndedEmitter ended = new EndedEmitter(new IOException("Broken pipe"));
        LiveUpdates.Stream stream = new LiveUpdates.Stream(ended, new MockHttpSession());

        assertThat(stream.changed(7)).isFalse();
        assertThat(stream.stillThere()).isFalse();
        stream.replaced();
        stream.end();
        assertThat(ended.endsAsked).as("each way the stream ended, it asked the request to end").isEqualTo(4);
    }

    @Test
    void aWriteRefusedAsTheRequestIsOverEndsTheStreamQuietly() {
        EndedEmitter ended = new EndedEmitter(new IllegalStateException("ResponseBodyEmitter has already completed"));
        LiveUpdates.Stream stream = new LiveUpdates.Stream(ended, new MockHttpSession());

        assertThat(stream.changed(7)).isFalse();
        assertThat(stream.stillThere()).isFalse();
    }

    @Test
    void aPageWhoseSignInEndedIsEndedQuietlyEvenIfTheContainerEndedItFirst() {
        EndedEmitter ended = new EndedEmitter(new IOException("Broken pipe"));
        MockHttpSession signedOut = new MockHttpSession();
        signedOut.invalidate();
        LiveUpdates.Stream stream = new LiveUpdates.Stream(ended, signedOut);

        assertThat(stream.changed(7)).isFalse();
        assertThat(stream.stillThere()).isFalse();
        assertThat(ended.writesAsked).as("nothing is written to a page signed out").isZero();
        assertThat(ended.endsAsked).isEqualTo(2);
    }

    @Test
    void aPageStillThereHearsTheVersionAndIsThenToldItWasReplaced() {
        Recording page = new Recording();
        LiveUpdates.Stream stream = new LiveUpdates.Stream(page, new MockHttpSession());

        assertThat(stream.changed(7)).isTrue();
        assertThat(stream.stillThere()).isTrue();
        stream.replaced();
        assertThat(page.sent).containsExactly("event:version\ndata:7\n\n", ":\n\n", "event:replaced\ndata:newer-page\n\n");
        assertThat(page.completed).isTrue();
    }

    /** An emitter whose request the container has ended: it refuses every write, and the end itself. */
    private static final class EndedEmitter extends SseEmitter {

        private final Exception refusal;
        int writesAsked;
        int endsAsked;

        EndedEmitter(Exception refusal) {
            this.refusal = refusal;
        }

        @Override
        public void send(SseEventBuilder event) throws IOException {
            writesAsked++;
            if (refusal instanceof IOException io) {
                throw io;
            }
            throw (IllegalStateException) refusal;
        }

        @Override
        public synchronized void complete() {
            endsAsked++;
            throw new IllegalStateException("Cannot complete: the request was ended by the container");
        }
    }

    /** A page that takes every write. */
    private static final class Recording extends SseEmitter {

        final List<String> sent = new ArrayList<>();
        boolean completed;

        @Override
        public void send(SseEventBuilder event) {
            StringBuilder text = new StringBuilder();
            event.build().forEach(part -> text.append(part.getData()));
            sent.add(text.toString());
        }

        @Override
        public synchronized void complete() {
            completed = true;
        }
    }
}
