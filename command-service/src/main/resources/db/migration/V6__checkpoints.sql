-- Signed checkpoints (docs/audit/checkpoints.md): where every stream's hash chain stood when each was signed.
-- Rows are only ever inserted, except published_at, which is set once the checkpoint is on its topic.
CREATE TABLE checkpoints (
    id             BIGSERIAL    NOT NULL PRIMARY KEY,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- periodic, or approval {projectId} {periodId} (docs/audit/checkpoints.md)
    reason         VARCHAR(600) NOT NULL,
    root           CHAR(64)     NOT NULL,
    size           INTEGER      NOT NULL,
    key_id         VARCHAR(200) NOT NULL,
    -- The JWS compact serialisation: the checkpoint itself, signed; everything above repeats part of it.
    jws            TEXT         NOT NULL,
    -- The event store positions (globalindex) of the signed heads: the checkpoint is published only once the
    -- Kafka publisher has passed all of them, so no reader of the topic sees it before the events it signs.
    head_positions BIGINT[]     NOT NULL,
    -- The approval event that caused it, if any: one approval, one checkpoint, even when its handling is retried.
    trigger_event  VARCHAR(255) UNIQUE,
    published_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX checkpoints_issued_at ON checkpoints (issued_at);
CREATE INDEX checkpoints_unpublished ON checkpoints (id) WHERE published_at IS NULL;
