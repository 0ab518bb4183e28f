-- A command's Idempotency-Key is now kept in the same transaction as the command's events (IdempotentCommands):
-- the row holds what the command handler answered, and exists exactly when those events do. There is no
-- "in progress" row any more; a request still running holds a transaction-scoped lock instead.
ALTER TABLE idempotency_keys ADD COLUMN result_id VARCHAR(255), ADD COLUMN result_version BIGINT;

-- Every stored success was the command API's answer {"projectId", "id", "version"}; version 0 is only ever a
-- registration, whose handler answers the project id alone.
UPDATE idempotency_keys
   SET result_id = convert_from(body, 'UTF8')::json ->> 'id',
       result_version = NULLIF((convert_from(body, 'UTF8')::json ->> 'version')::bigint, 0)
 WHERE status BETWEEN 200 AND 299 AND body IS NOT NULL AND length(body) > 0;

-- Requests that never finished, and answers without a result: their outcome is unknown, as before after two minutes.
DELETE FROM idempotency_keys WHERE result_id IS NULL;

ALTER TABLE idempotency_keys
    DROP COLUMN status, DROP COLUMN content_type, DROP COLUMN location, DROP COLUMN etag, DROP COLUMN body,
    ALTER COLUMN result_id SET NOT NULL;
