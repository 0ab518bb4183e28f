-- The programme's organisations, one name each (OrganisationTable): the name and the project of each
-- organisation's first registration, written in the transaction that appends a registration's events. Filled here
-- from the registrations already stored, the first of each organisation by the order they were stored in; a store
-- that already named an organisation twice keeps its first name, and a later project of it must use that one.
CREATE TABLE organisations (
    organisation_id VARCHAR(255) PRIMARY KEY,
    name            TEXT         NOT NULL,
    project_id      VARCHAR(255) NOT NULL
);

INSERT INTO organisations (organisation_id, name, project_id)
SELECT DISTINCT ON (organisation_id) organisation_id, name, project_id
FROM (SELECT convert_from(payload, 'UTF8')::json ->> 'organisationId' AS organisation_id,
             convert_from(payload, 'UTF8')::json ->> 'organisation'   AS name,
             aggregateidentifier                                        AS project_id,
             globalindex
      FROM domainevententry
      WHERE payloadtype = 'org.kronika.events.ProjectRegistered') AS registrations
WHERE organisation_id IS NOT NULL AND name IS NOT NULL
ORDER BY organisation_id, globalindex
-- Run again (as docs/operations.md says, after instances of the older version registered projects), it adds only
-- the organisations that have no row.
ON CONFLICT (organisation_id) DO NOTHING;
