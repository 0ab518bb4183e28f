package org.kronika.query.projection;

import org.bson.Document;
import org.kronika.events.Participants;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A project at a glance: what it is and what it has delivered, as a MongoDB document. {@code version} is the
 * sequence of the last event applied; it is what makes every write idempotent.
 */
final class ProjectSummary {

    private final Document document;

    private ProjectSummary(Document document) {
        this.document = document;
    }

    static ProjectSummary fromDocument(Document document) {
        return new ProjectSummary(document);
    }

    /** Before the first event: version -1, so the project's event 0 is the next one. */
    static ProjectSummary empty(String projectId) {
        return new ProjectSummary(new Document("_id", projectId)
                .append("projectId", projectId)
                .append("version", -1L)
                .append("trainingsDelivered", 0)
                .append("participants", counts(0, 0, 0))
                .append("byMunicipality", new ArrayList<Document>()));
    }

    String projectId() {
        return document.getString("_id");
    }

    long version() {
        return document.get("version", Number.class).longValue();
    }

    Document toDocument() {
        return document;
    }

    /** Applies the event that directly follows {@link #version()}; callers check the sequence. */
    void apply(long sequence, Instant recordedAt, ProjectEvent event) {
        if (event instanceof ProjectRegistered registered) {
            document.append("organisation", registered.organisation())
                    .append("title", registered.title())
                    .append("municipalities", registered.municipalities())
                    .append("startDate", registered.startDate().toString())
                    .append("endDate", registered.endDate().toString())
                    .append("registeredAt", Date.from(recordedAt));
        } else if (event instanceof TrainingDelivered training) {
            document.put("trainingsDelivered", document.getInteger("trainingsDelivered") + 1);
            add(document.get("participants", Document.class), training.participants());
            Document place = municipality(training.municipality());
            place.put("trainingsDelivered", place.getInteger("trainingsDelivered") + 1);
            add(place.get("participants", Document.class), training.participants());
        }
        // An event type this reader does not know yet still moves the version, or the project would stall.
        document.put("version", sequence);
        document.put("lastRecordedAt", Date.from(recordedAt));
    }

    private Document municipality(String name) {
        @SuppressWarnings("unchecked")
        List<Document> places = (List<Document>) document.get("byMunicipality");
        return places.stream().filter(p -> name.equals(p.getString("municipality"))).findFirst().orElseGet(() -> {
            Document place = new Document("municipality", name).append("trainingsDelivered", 0)
                    .append("participants", counts(0, 0, 0));
            places.add(place);
            return place;
        });
    }

    private static void add(Document counts, Participants participants) {
        counts.put("total", counts.getInteger("total") + participants.total());
        counts.put("female", counts.getInteger("female") + participants.female());
        counts.put("male", counts.getInteger("male") + participants.male());
        counts.put("unspecified", counts.getInteger("unspecified") + participants.unspecified());
    }

    private static Document counts(int total, int female, int male) {
        return new Document("total", total).append("female", female).append("male", male)
                .append("unspecified", total - female - male);
    }
}
