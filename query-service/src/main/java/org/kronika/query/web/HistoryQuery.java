package org.kronika.query.web;

import org.bson.Document;
import org.kronika.events.chain.EventChain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A page of a project's history as an auditor reads it: filtered by event type, by when it happened and when it
 * was recorded, and by actor; paged with an opaque cursor; each entry with who caused it and, for a correction,
 * its reason and the activity before and after.
 *
 * @param after the sequence the previous page ended with, or {@code null} for the first page
 */
record HistoryQuery(String type, LocalDate occurredFrom, LocalDate occurredTo, Instant recordedFrom,
                    Instant recordedTo, String actor, Long after, int limit) {

    static final int MAX_LIMIT = 500;
    private static final Pattern TYPE = Pattern.compile("^[a-z0-9.-]{1,100}$");
    private static final Pattern ACTOR = Pattern.compile("^[A-Za-z0-9._@:-]{1,200}$");

    static HistoryQuery of(Map<String, String> parameters) {
        String type = parameters.get("type");
        if (type != null && !TYPE.matcher(type).matches()) {
            throw new InvalidParameter("type", "must be an event type such as training-delivered");
        }
        String actor = parameters.get("actor");
        if (actor != null && !ACTOR.matcher(actor).matches()) {
            throw new InvalidParameter("actor", "must be a token subject such as recorder-kec");
        }
        int limit = 100;
        if (parameters.get("limit") != null) {
            limit = (int) number("limit", parameters.get("limit"));
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
            }
        }
        Long after = parameters.get("after") == null ? null : number("after", parameters.get("after"));
        return new HistoryQuery(type, date("occurredFrom", parameters), date("occurredTo", parameters),
                instant("recordedFrom", parameters), instant("recordedTo", parameters), actor, after, limit);
    }

    /** Applies the query to the project's whole history (in sequence order) and returns one page. */
    Map<String, Object> page(String projectId, List<Document> history) {
        Map<String, Document> activities = new HashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        Long last = null;
        boolean more = false;
        for (Document stored : history) {
            Map<String, Object> entry = view(stored, activities);
            long sequence = stored.get("sequence", Number.class).longValue();
            if ((after != null && sequence <= after) || !matches(stored, entry)) {
                continue;
            }
            if (entries.size() == limit) {
                more = true;
                break;
            }
            entries.add(entry);
            last = sequence;
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("projectId", projectId);
        page.put("entries", entries);
        page.put("next", more ? "after=" + last : null);
        return page;
    }

    private boolean matches(Document stored, Map<String, Object> entry) {
        String storedType = stored.getString("type");
        if (type != null && !storedType.equals(type) && !storedType.equals("org.kronika." + type + ".v1")
                && !storedType.startsWith("org.kronika." + type + ".v")) {
            return false;
        }
        Object occurred = entry.get("occurredAt");
        if ((occurredFrom != null || occurredTo != null) && occurred == null) {
            return false;
        }
        if (occurred != null) {
            LocalDate on = LocalDate.parse(occurred.toString());
            if ((occurredFrom != null && on.isBefore(occurredFrom)) || (occurredTo != null && on.isAfter(occurredTo))) {
                return false;
            }
        }
        Instant recorded = stored.getDate("recordedAt").toInstant();
        if ((recordedFrom != null && recorded.isBefore(recordedFrom)) || (recordedTo != null && recorded.isAfter(recordedTo))) {
            return false;
        }
        Document who = stored.get("actor", Document.class);
        return actor == null || (who != null && actor.equals(who.getString("subject")));
    }

    /** The entry as shown; keeps track of each activity's facts so a correction can show before and after. */
    private static Map<String, Object> view(Document stored, Map<String, Document> activities) {
        Document data = stored.get("data", Document.class);
        Document actor = stored.get("actor", Document.class);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("sequence", stored.get("sequence"));
        entry.put("eventId", stored.get("eventId"));
        entry.put("type", stored.get("type"));
        entry.put("occurredAt", EventChain.occurredAt(data));
        entry.put("recordedAt", stored.get("time") != null ? stored.get("time") : stored.get("recordedAt"));
        if (actor != null) {
            Document who = new Document(actor);
            Object correlationId = who.remove("correlationId");
            entry.put("actor", who);
            entry.put("correlationId", correlationId);
        }
        entry.put("payload", data);
        String activityId = data.getString("activityId");
        if (activityId != null && data.get("corrected") instanceof Document corrected) {
            entry.put("correction", new Document("reason", data.get("reason"))
                    .append("before", activities.get(activityId)).append("after", corrected));
            activities.put(activityId, corrected);
        } else if (activityId != null && stored.getString("type").contains("activity-retracted")) {
            entry.put("retraction", new Document("reason", data.get("reason")).append("activity", activities.get(activityId)));
        } else if (activityId != null) {
            activities.put(activityId, data);
        }
        entry.put("hash", stored.get("hash"));
        entry.put("prevHash", stored.get("prevHash"));
        return entry;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name, "must be a whole number");
        }
    }

    private static LocalDate date(String name, Map<String, String> parameters) {
        try {
            return parameters.get(name) == null ? null : LocalDate.parse(parameters.get(name));
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, "must be a date such as 2024-03-31");
        }
    }

    private static Instant instant(String name, Map<String, String> parameters) {
        try {
            return parameters.get(name) == null ? null : Instant.parse(parameters.get(name));
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, "must be an instant such as 2026-11-27T10:00:00Z");
        }
    }

    /** A query parameter with a value the API cannot use; answered with 400 naming it. */
    static class InvalidParameter extends RuntimeException {
        final String parameter;

        InvalidParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }
}
