-- The activities each project recorded, as the Project aggregate's rules ask about them (ActivityLedgerTable):
-- one row per activity, written in the transaction that appends the events, and per project the sequence of its
-- last event the rows include. Derived from the events and rebuildable from them: a project without a head here
-- (every project when this migration runs) has its rows folded from its events at the first command that asks.
CREATE TABLE activity_ledger (
    project_id    VARCHAR(255) NOT NULL,
    activity_id   VARCHAR(255) NOT NULL,
    activity_type VARCHAR(255) NOT NULL,
    occurred_on   DATE,
    retracted     BOOLEAN      NOT NULL,
    corrections   INTEGER      NOT NULL,
    PRIMARY KEY (project_id, activity_id)
);

CREATE TABLE activity_ledger_heads (
    project_id VARCHAR(255) PRIMARY KEY,
    sequence   BIGINT NOT NULL
);
