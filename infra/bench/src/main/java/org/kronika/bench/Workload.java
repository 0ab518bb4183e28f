package org.kronika.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.EventTypes;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeetingHeld;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.chain.EventChain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A programme's history written straight to the topic as the command side publishes it (CloudEvents binary mode,
 * each project's events chained): mostly activities, about a tenth corrections, some retractions and
 * measurements, in the programme's municipalities and quarters.
 */
final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final List<String> PLACES = List.of("Gjilan", "Kamenicë", "Prishtinë", "Ferizaj", "Prizren",
            "Pejë", "Tiranë", "Mitrovicë e Jugut", "Gjakovë", "Vushtrri");
    private static final List<String> AGES = List.of("15-17", "18-24", "25-34", "35-64");

    private Workload() {
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        }
    }

    /**
     * Writes {@code sizes.length} projects, project {@code i} with {@code sizes[i]} events, interleaved as many
     * projects recording at once would be; returns how many events were written.
     */
    static long publish(String bootstrap, String topic, String prefix, int[] sizes, long seed) {
        Random random = new Random(seed);
        List<Story> stories = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            stories.add(new Story(prefix + "-" + i, "org-" + (i % 40), sizes[i], new Random(random.nextLong())));
        }
        long written = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            boolean more = true;
            while (more) {
                more = false;
                for (Story story : stories) {
                    for (int burst = 0; burst < 5 && story.hasNext(); burst++) {
                        producer.send(story.next(topic));
                        written++;
                    }
                    more |= story.hasNext();
                }
            }
            producer.flush();
        }
        return written;
    }

    /** One project's events, generated as they are published. */
    private static final class Story {
        private final String projectId;
        private final String organisation;
        private final int size;
        private final Random random;
        private final List<ActivityEvent> activities = new ArrayList<>();
        private final List<String> places;
        private int sequence;
        private String head = EventChain.GENESIS;
        private Instant clock = Instant.parse("2026-01-05T08:00:00Z");

        Story(String projectId, String organisation, int size, Random random) {
            this.projectId = projectId;
            this.organisation = organisation;
            this.size = size;
            this.random = random;
            this.places = List.of(PLACES.get(random.nextInt(PLACES.size())), PLACES.get(random.nextInt(PLACES.size())));
        }

        boolean hasNext() {
            return sequence < size;
        }

        ProducerRecord<String, byte[]> next(String topic) {
            ProjectEvent event = event();
            clock = clock.plusMillis(1 + random.nextInt(2000));
            String type = EventTypes.of(event.getClass()).cloudEventType();
            Map<String, Object> data = JSON.convertValue(event, new TypeReference<>() {
            });
            String time = clock.toString();
            // As the command side takes their commands: the administrator registers a project and keeps its
            // logframe, its organisation's recorder records what it did (docs/security.md), so the verifier finds
            // every event recorded by its role.
            boolean byAdmin = event instanceof ProjectRegistered || event instanceof IndicatorDefined
                    || event instanceof ActivityPlanned;
            String subject = byAdmin ? "admin-demo" : "recorder-" + organisation;
            String role = byAdmin ? "admin" : "recorder";
            String ofOrganisation = byAdmin ? null : organisation;
            String hash = EventChain.hash(type, projectId, sequence, EventChain.occurredAt(data), time,
                    EventChain.actor(subject, role, ofOrganisation), data, head);
            ProducerRecord<String, byte[]> record;
            try {
                record = new ProducerRecord<>(topic, projectId, JSON.writeValueAsBytes(data));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
            header(record, CloudEventHeaders.ID, projectId + "-" + sequence);
            header(record, CloudEventHeaders.TYPE, type);
            header(record, CloudEventHeaders.SOURCE, "/programmes/bench/projects/" + projectId);
            header(record, CloudEventHeaders.SUBJECT, projectId);
            header(record, CloudEventHeaders.TIME, time);
            header(record, CloudEventHeaders.SEQUENCE, Integer.toString(sequence));
            header(record, CloudEventHeaders.HASH, hash);
            header(record, CloudEventHeaders.PREV_HASH, head);
            header(record, CloudEventHeaders.ACTOR_SUBJECT, subject);
            header(record, CloudEventHeaders.ACTOR_ROLE, role);
            if (ofOrganisation != null) {
                header(record, CloudEventHeaders.ACTOR_ORGANISATION, ofOrganisation);
            }
            header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
            head = hash;
            sequence++;
            return record;
        }

        private ProjectEvent event() {
            switch (sequence) {
                case 0:
                    return new ProjectRegistered(projectId, organisation, "Organisation " + organisation, false,
                            "Project " + projectId, "A project of the benchmark programme", "Goal",
                            List.of("Objective"), List.of("Young people"), places, LocalDate.of(2023, 1, 1),
                            LocalDate.of(2026, 12, 31));
                case 1:
                    return new IndicatorDefined(projectId, "reached", "People reached", "count", "participants",
                            "sum", 0, 5000, List.of(new PeriodTarget("2024-Q4", 1000)), List.of("sex", "age-band"));
                case 2:
                    return new IndicatorDefined(projectId, "sessions", "Sessions held", "count", "activities", "sum",
                            0, 500, List.of(), List.of());
                case 3:
                    return new IndicatorDefined(projectId, "kits", "Kits distributed", "count", "items", "sum", 0,
                            20000, List.of(), List.of("municipality"));
                case 4:
                    return new IndicatorDefined(projectId, "aware", "Citizens aware", "percent", "measured", "latest",
                            10, 60, List.of(), List.of());
                case 5:
                    return new ActivityPlanned(projectId, "trainings", "Trainings", "training-delivered", 100,
                            List.of("reached"));
                default:
                    int dice = random.nextInt(100);
                    if (dice < 10 && !activities.isEmpty()) {
                        ActivityEvent was = activities.get(random.nextInt(activities.size()));
                        ActivityEvent corrected = activity(was.activityId(), was);
                        activities.set(activities.indexOf(was), corrected);
                        Map<String, Object> data = JSON.convertValue(corrected, new TypeReference<>() {
                        });
                        data.remove("projectId");
                        return new ActivityCorrected(projectId, was.activityId(), typeName(was), data,
                                "Attendance sheets recounted");
                    }
                    if (dice < 12 && activities.size() > 1) {
                        ActivityEvent withdrawn = activities.remove(random.nextInt(activities.size()));
                        return new ActivityRetracted(projectId, withdrawn.activityId(), "Recorded twice");
                    }
                    if (dice < 17) {
                        return new IndicatorMeasured(projectId, "aware", "m-" + sequence, date(), random.nextInt(100),
                                null, Map.of(), null);
                    }
                    ActivityEvent activity = activity("a-" + sequence, null);
                    activities.add(activity);
                    return activity;
            }
        }

        private ActivityEvent activity(String id, ActivityEvent was) {
            int kind = was == null ? random.nextInt(10) : was instanceof TrainingDelivered ? 0
                    : was instanceof MaterialsDistributed ? 7 : 9;
            String place = places.get(random.nextInt(places.size()));
            int total = 5 + random.nextInt(40);
            int female = random.nextInt(total + 1);
            Participants people = new Participants(total, Map.of("female", female, "male", total - female),
                    Map.of(AGES.get(random.nextInt(AGES.size())), total), Map.of());
            if (kind < 7) {
                return new TrainingDelivered(projectId, id, "Training on participatory budgeting", date(), place,
                        people, random.nextInt(3) == 0 ? "trainings" : null, List.of("reached", "sessions"),
                        "Module " + (1 + random.nextInt(6)), 1 + random.nextInt(3));
            } else if (kind < 9) {
                return new MaterialsDistributed(projectId, id, "Citizen investment kits", date(), place, null, null,
                        List.of("kits"), "Citizen Investment Kit", 10 + random.nextInt(200));
            }
            return new MeetingHeld(projectId, id, "Budget hearing", date(), place, people, null,
                    List.of("reached", "sessions"), "budget-hearing", "Municipal assembly");
        }

        private LocalDate date() {
            return LocalDate.of(2023, 1, 1).plusDays(random.nextInt(4 * 365));
        }

        private static String typeName(ActivityEvent activity) {
            return EventTypes.of(activity.getClass()).name();
        }

        private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
