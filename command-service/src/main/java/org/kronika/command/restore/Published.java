package org.kronika.command.restore;

import org.apache.kafka.common.header.Header;
import org.kronika.command.project.ActorMetaData;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.EventChain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One event as published: what a row of the event store needs, where the topic holds it, and the whole record (key,
 * data, every header) that tells a second delivery of it from another event claiming its sequence.
 *
 * @param key     the stream, which is also the event's subject (a record whose key and subject differ is none)
 * @param actor   the actor's and correlation metadata, under the event store's keys, as far as published
 * @param headers every header of the record, as read, in order
 */
record Published(String key, long sequence, String id, String type, String time, String hash, String previous,
                 Map<String, String> actor, byte[] payload, long timestamp, int partition, long offset,
                 List<Header> headers) {

    /** The event as the chain sees it; its data was read once already, when the record was, so it reads again. */
    ChainLink link() throws IOException {
        Map<String, Object> data = StoreFromTopic.JSON.readValue(payload, TopicStreams.OBJECT);
        return new ChainLink(type, key, sequence, time, EventChain.actor(actor.get(ActorMetaData.SUBJECT),
                actor.get(ActorMetaData.ROLE), actor.get(ActorMetaData.ORGANISATION)), data, previous, hash);
    }

    String where() {
        return "partition " + partition + ", offset " + offset;
    }

    /**
     * What sets another record of this event apart from this one, by name: nothing when the two are one delivery,
     * key, data and every header the same bytes, as the verifier holds them. The hash covers neither the key nor the
     * correlation id, and only the first copy's time and actor are ever checked against it, so a copy that kept the
     * hash header but changed any of them is another event.
     */
    List<String> differences(Published other) {
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(key, other.key)) {
            parts.add("key");
        }
        if (!Arrays.equals(payload, other.payload)) {
            parts.add("data");
        }
        TreeSet<String> names = new TreeSet<>();
        headers.forEach(header -> names.add(header.key()));
        other.headers.forEach(header -> names.add(header.key()));
        for (String name : names) {
            if (!values(name).equals(other.values(name))) {
                parts.add(name);
            }
        }
        if (parts.isEmpty() && !headers.equals(other.headers)) {
            parts.add("the order of its headers");
        }
        return parts;
    }

    /** The values of every header of that name, compared by content; a header without a value is null. */
    private List<ByteBuffer> values(String name) {
        return headers.stream().filter(header -> header.key().equals(name))
                .map(header -> header.value() == null ? null : ByteBuffer.wrap(header.value())).toList();
    }
}
