-- The facts each activity states as last recorded or corrected (StatedFacts): a correction that leaves one of them
-- out would blank it without saying so, and is refused. The rows so far have none; emptied here, they are folded
-- again from the events, stated facts included, at each project's first command, as after V7 and V8. A row left
-- without them (by an instance of the older version still running) only lets such a correction through, as before.
ALTER TABLE activity_ledger ADD COLUMN stated TEXT;
DELETE FROM activity_ledger;
DELETE FROM activity_ledger_heads;
