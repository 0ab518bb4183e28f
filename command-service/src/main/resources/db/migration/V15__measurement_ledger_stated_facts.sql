-- Which of each measurement's optional facts (place, breakdown, source) it states as last recorded or corrected
-- (StatedFacts): a correction that leaves one of them out would blank it without saying so, and is refused, as an
-- activity's is (V12). The rows so far have none; emptied here, they are folded again from the events, stated facts
-- included, at each project's first command, as after V11. A row left without them (by an instance of the older
-- version still running) only lets such a correction through, as before.
ALTER TABLE measurement_ledger ADD COLUMN stated TEXT;
DELETE FROM measurement_ledger;
DELETE FROM measurement_ledger_heads;
