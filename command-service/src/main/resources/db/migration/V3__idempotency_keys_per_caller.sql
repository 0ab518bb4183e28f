-- Idempotency keys are stored per caller (subject + key), which needs more room than the key alone.
ALTER TABLE idempotency_keys ALTER COLUMN idempotency_key TYPE VARCHAR(400);
