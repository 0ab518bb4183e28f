-- The latest day of a project's activities and measurements not retracted (an amended end date may not fall before
-- it) is read from these by one probe, not by reading every row of the project.
CREATE INDEX activity_ledger_last_day ON activity_ledger (project_id, occurred_on) WHERE NOT retracted;
CREATE INDEX measurement_ledger_last_day ON measurement_ledger (project_id, measured_on) WHERE NOT retracted;
