-- The measurements each project took, as the Project aggregate's rules ask about them (MeasurementLedgerTable): one
-- row per measurement with the fingerprint of its facts (Changes.ofFacts, as the aggregate's snapshot held it until
-- revision 13), written in the transaction that appends the events, and per project the sequence of its last event
-- the rows include. Derived from the events and rebuildable from them, as the activity ledger (V7): a project
-- without a head here (every project when this migration runs) has its rows folded from its events at the first
-- command that asks. Heads of their own, not the activity ledger's: an instance of the older version still running
-- moves those without writing measurements here, and would make this ledger look current while behind.
CREATE TABLE measurement_ledger (
    project_id     VARCHAR(255) NOT NULL,
    measurement_id VARCHAR(255) NOT NULL,
    indicator_id   VARCHAR(255) NOT NULL,
    measured_on    DATE         NOT NULL,
    retracted      BOOLEAN      NOT NULL,
    corrections    INTEGER      NOT NULL,
    facts          VARCHAR(32)  NOT NULL,
    PRIMARY KEY (project_id, measurement_id)
);

CREATE TABLE measurement_ledger_heads (
    project_id VARCHAR(255) PRIMARY KEY,
    sequence   BIGINT NOT NULL
);
