-- The fingerprint of each activity's facts as last recorded or corrected (Changes.ofFacts): a correction that
-- states them as they are changes nothing, and is refused. The rows so far have none; emptied here, they are folded
-- again from the events, facts included, at each project's first command, as after V7. A row left without one (by an
-- instance of the older version still running) only lets such a correction through, as before.
ALTER TABLE activity_ledger ADD COLUMN facts VARCHAR(32);
DELETE FROM activity_ledger;
DELETE FROM activity_ledger_heads;
