-- Which Kafka topic holds the published events, by the topic's id: a topic deleted and created again under the
-- same name has a new id, and holds none of what went to the old one. The publisher's token says how far it has
-- published; this says from which event store position (globalindex) on the topic with this id holds it all.
-- A checkpoint is published only while the events topic that exists now holds every event it signs.
CREATE TABLE published_topics (
    topic_id      VARCHAR(64)              NOT NULL PRIMARY KEY,
    -- The lowest position the publisher sent to this topic; 0 for the topic it published to before this table
    -- existed, which held everything then.
    from_position BIGINT                   NOT NULL,
    first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
