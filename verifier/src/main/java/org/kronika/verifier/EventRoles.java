package org.kronika.verifier;

import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.chain.ChainLink;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which role records each event type of a project's stream and of the programme's, as the command side lets it: the
 * endpoint whose command records the type (command-service's controllers, the {@code Project} and
 * {@code ReportingCalendar} aggregates), and the one role its {@code SecurityConfig.ACCESS} allows there
 * (docs/security.md). Recorders record what a project did and submit its reports; officers return, approve and close
 * out; administrators register, keep the logframe, define reporting periods and undo a review. A flag of a change to
 * approved periods ({@code approved-period-changed}) is recorded in the command of the change it follows, so it is
 * its role's, whichever that is (an administrator's redefinition, a recorder's late activity). The role is the
 * token's claim as the chain link's actor names it, which the hash covers. A drift test in command-service holds
 * this table to {@code ACCESS} and to the controllers' endpoints.
 *
 * <p>A recorder is besides bound to one organisation ({@link #ORGANISATION_BOUND}): it records for the projects
 * registered for its organisation and no other, as the {@code Project} aggregate refuses any other ({@code
 * NotYourProject}, 403), so its events are held to the organisation the project's registration names too.
 */
public final class EventRoles {

    public static final String ADMIN = "admin";
    public static final String OFFICER = "officer";
    public static final String RECORDER = "recorder";
    /**
     * The roles bound to one organisation, which their events' actor names beside the role: only a recorder's token
     * carries an {@code organisation} (security's {@code Actor}), and the {@code Project} aggregate takes a recorder's
     * command only for a project registered for that organisation. The other roles are the programme's, and their
     * events name no organisation. A drift test in command-service holds this to the aggregate's rule.
     */
    public static final Set<String> ORGANISATION_BOUND = Set.of(RECORDER);

    /**
     * A command endpoint (a {@code POST}), the role that may send it, and what its command records.
     *
     * @param path    as the controller maps it, e.g. {@code /api/projects/{projectId}/closures}
     * @param records the event types it records, one a request
     * @param then    those it may record right after it, in the same command (a flag of the change)
     * @param does    what an event of it does, as a finding says: {@code closes the project}
     * @param step    what such an event is called: {@code a closure}
     */
    public record Endpoint(String path, String role, List<String> records, List<String> then, String does,
                           String step) {

        public Endpoint {
            records = List.copyOf(records);
            then = List.copyOf(then);
        }
    }

    /** Recorded right after a change of approved periods' figures, in its command (Project.recordChange). */
    static final String FLAG = "approved-period-changed";
    private static final List<String> FLAGGED = List.of(FLAG);
    private static final String PROJECT = "/api/projects/{projectId}";

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/projects", ADMIN, List.of("project-registered"), List.of(),
                    "registers the project", "a registration"),
            new Endpoint(PROJECT + "/amendments", ADMIN, List.of("project-details-amended"), List.of(),
                    "amends the project's details", "an amendment"),
            new Endpoint(PROJECT + "/indicators", ADMIN, List.of("indicator-defined"), FLAGGED,
                    "defines an indicator", "an indicator's definition"),
            new Endpoint(PROJECT + "/indicators/{indicatorId}/redefinitions", ADMIN, List.of("indicator-redefined"),
                    FLAGGED, "redefines an indicator", "a redefinition"),
            new Endpoint(PROJECT + "/planned-activities", ADMIN, List.of("activity-planned"), List.of(),
                    "plans an activity", "a planned activity"),
            new Endpoint(PROJECT + "/activities/{activityType}", RECORDER,
                    EventTypes.activityTypes().stream().map(EventType::name).toList(), FLAGGED,
                    "records an activity", "an activity"),
            new Endpoint(PROJECT + "/activities/{activityId}/corrections", RECORDER, List.of("activity-corrected"),
                    FLAGGED, "corrects an activity", "a correction of an activity"),
            new Endpoint(PROJECT + "/activities/{activityId}/retractions", RECORDER, List.of("activity-retracted"),
                    FLAGGED, "retracts an activity", "a retraction of an activity"),
            new Endpoint(PROJECT + "/indicators/{indicatorId}/measurements", RECORDER, List.of("indicator-measured"),
                    FLAGGED, "records a measurement", "a measurement"),
            new Endpoint(PROJECT + "/indicators/{indicatorId}/measurements/{measurementId}/corrections", RECORDER,
                    List.of("measurement-corrected"), FLAGGED, "corrects a measurement",
                    "a correction of a measurement"),
            new Endpoint(PROJECT + "/indicators/{indicatorId}/measurements/{measurementId}/retractions", RECORDER,
                    List.of("measurement-retracted"), FLAGGED, "retracts a measurement",
                    "a retraction of a measurement"),
            new Endpoint(PROJECT + "/periods/{periodId}/submissions", RECORDER, List.of("period-submitted"), List.of(),
                    "submits a period's report", "a submission"),
            new Endpoint(PROJECT + "/periods/{periodId}/returns", OFFICER, List.of("period-returned"), List.of(),
                    "returns a period's report", "a return"),
            new Endpoint(PROJECT + "/periods/{periodId}/approvals", OFFICER, List.of("period-approved"), List.of(),
                    "approves a period's report", "an approval"),
            new Endpoint(PROJECT + "/periods/{periodId}/reopenings", ADMIN, List.of("period-reopened"), List.of(),
                    "reopens a period's report", "a reopening of a report"),
            new Endpoint(PROJECT + "/closures", OFFICER, List.of("project-closed"), List.of(),
                    "closes the project", "a closure"),
            new Endpoint(PROJECT + "/reopenings", ADMIN, List.of("project-reopened"), List.of(),
                    "reopens the project", "a reopening"),
            // The programme's own stream; the quarters of the programme file are defined at startup as an admin.
            new Endpoint("/api/programme/reporting-periods", ADMIN, List.of("reporting-period-defined"), List.of(),
                    "defines a reporting period", "a reporting period's definition"));

    private EventRoles() {
    }

    /** Every endpoint that records events, in the order of {@code SecurityConfig.ACCESS}'s rules for them. */
    public static List<Endpoint> endpoints() {
        return ENDPOINTS;
    }

    /**
     * The role that records an event of {@code type} right after one of {@code typeBefore} (null for a stream's
     * first), or empty where none may: a flag that follows no change it flags, or a type this table does not know.
     */
    public static Optional<String> roleOf(String type, String typeBefore) {
        return recordedBy(type, typeBefore).map(Endpoint::role);
    }

    private static Optional<Endpoint> recordedBy(String type, String typeBefore) {
        if (following(type)) {
            if (typeBefore == null) {
                // First in its stream, it follows no change (and the table's lists throw when asked for a null).
                return Optional.empty();
            }
            return ENDPOINTS.stream().filter(endpoint -> endpoint.then().contains(type)
                    && endpoint.records().contains(typeBefore)).findFirst();
        }
        return ENDPOINTS.stream().filter(endpoint -> endpoint.records().contains(type)).findFirst();
    }

    /** Whether the table knows a type: one an endpoint records, or records right after another. */
    private static boolean known(String type) {
        return ENDPOINTS.stream().anyMatch(endpoint -> endpoint.records().contains(type)
                || endpoint.then().contains(type));
    }

    /** Whether a type is recorded only right after another, in its command. */
    private static boolean following(String type) {
        return ENDPOINTS.stream().anyMatch(endpoint -> endpoint.then().contains(type))
                && ENDPOINTS.stream().noneMatch(endpoint -> endpoint.records().contains(type));
    }

    /**
     * Why {@code link} was recorded by someone who may not record it, or empty: by a role that may not, or by one
     * bound to an organisation ({@link #ORGANISATION_BOUND}) for a project registered for another. {@code before} is
     * the link before it in its stream (null for the first), whose command a flag belongs to; {@code registration}
     * the project's registration as the stream holds it before the link (null for none, as in the programme's
     * stream). The role comes first, as the command side refuses it before its aggregate is asked: one finding an
     * event. A type the table does not know (of a later contract) is passed over, as every reader of the stream
     * passes it over, and so is a flag right after one: it is recorded in that type's command, by its role, which is
     * as unknown here as the type.
     */
    static Optional<String> unauthorised(String streamId, ChainLink link, ChainLink before, ChainLink registration) {
        String type = PeriodFold.typeName(link.type());
        String typeBefore = before == null ? null : PeriodFold.typeName(before.type());
        Optional<Endpoint> endpoint = recordedBy(type, typeBefore);
        boolean flag = following(type);
        if (endpoint.isEmpty() && (!flag || before != null && !known(typeBefore))) {
            return Optional.empty();
        }
        RecordedBy by = RecordedBy.of(link);
        String does = flag ? "flags a change of approved periods"
                : endpoint.get().does() + (endpoint.get().records().size() > 1 ? " (" + type + ")" : "");
        String recorded = "UNAUTHORISED " + streamId + ": event " + link.sequence() + " " + does + ", "
                + (by.role() == null ? "recorded with no role" : "recorded by the role " + by.role())
                + (by.subject() == null ? "" : " (" + by.subject() + ")");
        if (endpoint.isPresent() && endpoint.get().role().equals(by.role())) {
            return outsideItsOrganisation(recorded, by, registration);
        }
        String rule;
        if (!flag) {
            rule = endpoint.get().step() + " is recorded by the role " + endpoint.get().role();
        } else {
            String changed = before == null ? "no event" : "event " + before.sequence() + " (" + typeBefore + ")";
            rule = endpoint.isPresent() ? "a flag is recorded with the change it follows, " + changed + ", by its "
                    + "role " + endpoint.get().role()
                    : "a flag is recorded with the change it follows, and " + changed + " is no change it flags";
        }
        return Optional.of(recorded + "; " + rule);
    }

    /**
     * Why an event of a role bound to an organisation, {@code recorded} as a finding would begin, is of another
     * organisation than the one the project is registered for, or empty. Without a registration before it the history
     * names no organisation to hold it to: whether a project's stream begins with its registration is not this check's.
     */
    private static Optional<String> outsideItsOrganisation(String recorded, RecordedBy by, ChainLink registration) {
        if (by.role() == null || !ORGANISATION_BOUND.contains(by.role()) || registration == null) {
            return Optional.empty();
        }
        Object registered = registration.payload() == null ? null : registration.payload().get("organisationId");
        String project = registered == null ? null : registered.toString();
        if (project != null && project.equals(by.organisation())) {
            return Optional.empty();
        }
        return Optional.of(recorded + " of " + (by.organisation() == null ? "no organisation"
                : "the organisation " + by.organisation()) + "; the project is registered for "
                + (project == null ? "no organisation" : "the organisation " + project) + " (event "
                + registration.sequence() + "), and the role " + by.role() + " records only for projects of its own "
                + "organisation");
    }
}
