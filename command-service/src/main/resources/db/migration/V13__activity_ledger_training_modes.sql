-- A training's correction recorded before trainings had a delivery mode now states the mode readers are shown (in
-- person), as the recording does once upcast (ActivityChange). Rows folded before read it as stating none, which let
-- a later correction leave the mode out and blank it; emptied here, they are folded again from the events at each
-- project's first command, as after V12.
DELETE FROM activity_ledger;
DELETE FROM activity_ledger_heads;
