-- The latest day of a project's activities and measurements not retracted (an amended end date may not fall before
-- it) is read from these by one probe, not by reading every row of the project. Built concurrently, outside a
-- transaction (Flyway runs a migration of such statements alone so): the ledgers are written by every command, and a
-- plain build would hold their writes for as long as it took. What to do if a build fails: docs/operations.md.
CREATE INDEX CONCURRENTLY IF NOT EXISTS activity_ledger_last_day ON activity_ledger (project_id, occurred_on)
    WHERE NOT retracted;
CREATE INDEX CONCURRENTLY IF NOT EXISTS measurement_ledger_last_day ON measurement_ledger (project_id, measured_on)
    WHERE NOT retracted;
