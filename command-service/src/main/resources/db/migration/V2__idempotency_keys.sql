-- Responses to commands sent with an Idempotency-Key, so that a retry gets the first answer instead of a
-- second event. A row without a status is a request still in progress.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(200) NOT NULL PRIMARY KEY,
    fingerprint     VARCHAR(64)  NOT NULL,
    status          INTEGER,
    content_type    VARCHAR(200),
    location        VARCHAR(1000),
    etag            VARCHAR(100),
    body            BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
