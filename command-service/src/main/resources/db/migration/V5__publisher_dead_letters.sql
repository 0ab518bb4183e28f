-- Axon's JDBC dead-letter queue (default DeadLetterSchema names), for the kafka-publisher processor: a stored
-- event the publisher cannot turn into a record (its class no longer resolves, its data cannot be read) waits
-- here, with its project's later events in order behind it, until an operator retries it. Other projects go on.
CREATE TABLE deadletterentry (
    deadletteridentifier VARCHAR(255) NOT NULL,
    processinggroup      VARCHAR(255) NOT NULL,
    sequenceidentifier   VARCHAR(255) NOT NULL,
    sequenceindex        BIGINT       NOT NULL,
    messagetype          VARCHAR(255) NOT NULL,
    eventidentifier      VARCHAR(255) NOT NULL,
    timestamp            VARCHAR(255) NOT NULL,
    payloadtype          VARCHAR(255) NOT NULL,
    payloadrevision      VARCHAR(255),
    payload              BYTEA        NOT NULL,
    metadata             BYTEA,
    type                 VARCHAR(255),
    aggregateidentifier  VARCHAR(255),
    sequencenumber       BIGINT,
    tokentype            VARCHAR(255),
    token                BYTEA,
    enqueuedat           VARCHAR(255) NOT NULL,
    lasttouched          VARCHAR(255),
    processingstarted    VARCHAR(255),
    causetype            VARCHAR(255),
    -- TEXT, not Axon's VARCHAR(1023): a long cause must never make the enqueue itself fail.
    causemessage         TEXT,
    diagnostics          BYTEA,
    PRIMARY KEY (deadletteridentifier),
    UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_processinggroup ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequence ON deadletterentry (processinggroup, sequenceidentifier);
