package org.kronika.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The commands recorders and admins send, as request lines for the {@link LoadGenerator}: a Zipf choice of project
 * (a few projects record most), mostly new activities of three kinds, about a tenth corrections of activities recorded
 * earlier, and now and then an admin defining an indicator. Each project is recorded for by its own organisation's
 * recorder, whose one token is reused for every request, as a client does.
 */
final class CommandMix {

    /** Zipf's exponent: with 1,000 projects the busiest takes about 13 % of the commands, half go to the top 60. */
    private static final double ZIPF = 1.0;
    /** A correction names an activity recorded at least this many requests earlier, long answered by then. */
    private static final int SETTLED = 2_000;
    private static final List<String> PLACES = List.of("Gjilan", "Prishtinë", "Ferizaj");
    private static final int INDICATOR_ROOM = 90;

    private final String commandUrl;
    private final List<String> organisations;
    private final int projects;
    private final double[] cumulative;
    private final int[] byRank;
    private final Random random = new Random(12);
    private final List<List<Activity>> activities = new ArrayList<>();
    private final int[] indicators;
    /** How many corrections each activity was asked, by project and activity id. */
    private final java.util.Map<String, Integer> corrections = new java.util.HashMap<>();
    private long line;
    private long firstOfLast;

    private record Activity(String id, int kind, LocalDate on, String place, int total, int female, long line) {
    }

    CommandMix(String commandUrl, List<String> organisations, int projects) {
        this.commandUrl = commandUrl;
        this.organisations = organisations;
        this.projects = projects;
        this.cumulative = new double[projects];
        double sum = 0;
        for (int rank = 0; rank < projects; rank++) {
            sum += 1 / Math.pow(rank + 1, ZIPF);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < projects; rank++) {
            cumulative[rank] /= sum;
        }
        // Ranks shuffled over the projects, so the busy ones are spread over the organisations.
        byRank = new int[projects];
        for (int i = 0; i < projects; i++) {
            byRank[i] = i;
        }
        for (int i = projects - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = byRank[i];
            byRank[i] = byRank[j];
            byRank[j] = swap;
        }
        indicators = new int[projects];
        for (int i = 0; i < projects; i++) {
            activities.add(new ArrayList<>());
        }
    }

    static String projectId(int project) {
        return "cmd-" + project;
    }

    String organisation(int project) {
        return organisations.get(project % organisations.size());
    }

    String recorder(int project) {
        return "recorder-" + organisation(project);
    }

    /** The admin's registration of every project, then two indicators each, then one activity each. */
    List<List<String>> setUp() {
        List<String> registrations = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            registrations.add(registration(p));
            definitions.add("POST " + commandUrl + "/api/projects/" + projectId(p) + "/indicators admin "
                    + "{\"indicatorId\":\"reached\",\"name\":\"People reached\",\"unit\":\"count\",\"counts\":"
                    + "\"participants\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":100000,"
                    + "\"dimensions\":[\"sex\"]}");
            definitions.add("POST " + commandUrl + "/api/projects/" + projectId(p) + "/indicators admin "
                    + "{\"indicatorId\":\"sessions\",\"name\":\"Sessions held\",\"unit\":\"count\",\"counts\":"
                    + "\"activities\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":5000}");
            indicators[p] = 2;
        }
        for (int p = 0; p < projects; p++) {
            seeds.add(activity(p, -SETTLED));
        }
        return List.of(registrations, definitions, seeds);
    }

    String registration(int project) {
        return registration(projectId(project), organisation(project));
    }

    String registration(String projectId, String organisation) {
        return "POST " + commandUrl + "/api/projects admin {\"projectId\":\"" + projectId + "\",\"organisationId\":\""
                + organisation + "\",\"organisation\":\"Organisation " + organisation + "\",\"title\":\"Project "
                + projectId + "\",\"municipalities\":[\"Gjilan\",\"Prishtinë\",\"Ferizaj\"],"
                + "\"startDate\":\"2023-01-01\",\"endDate\":\"2026-06-30\"}";
    }

    /**
     * Only the first {@code sent} of the commands last asked for were sent: the activities of the others were never
     * recorded, and no later correction may name them.
     */
    void onlySent(long sent) {
        long cutoff = firstOfLast + sent;
        for (List<Activity> recorded : activities) {
            while (!recorded.isEmpty() && recorded.get(recorded.size() - 1).line() >= cutoff) {
                recorded.remove(recorded.size() - 1);
            }
        }
    }

    /** The next {@code count} commands of the mix. */
    List<String> next(int count) {
        firstOfLast = line;
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(next());
        }
        return lines;
    }

    private String next() {
        long at = line++;
        int project = byRank[zipfRank()];
        int dice = random.nextInt(100);
        if (dice < 10) {
            List<Activity> recorded = activities.get(project);
            int settled = 0;
            while (settled < recorded.size() && recorded.get(settled).line() <= at - SETTLED) {
                settled++;
            }
            if (settled > 0) {
                return correction(project, recorded.get(random.nextInt(settled)));
            }
        } else if (dice < 12 && indicators[project] < INDICATOR_ROOM) {
            indicators[project]++;
            return "POST " + commandUrl + "/api/projects/" + projectId(project) + "/indicators admin "
                    + "{\"indicatorId\":\"kits-" + at + "\",\"name\":\"Kits distributed\",\"unit\":\"count\","
                    + "\"counts\":\"items\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":20000,"
                    + "\"dimensions\":[\"municipality\"]}";
        }
        return activity(project, at);
    }

    /** A new activity of {@code project}, recorded by its organisation's recorder. */
    String activity(int project, long at) {
        Activity activity = new Activity("a" + (at < 0 ? "s" + activities.get(project).size() : Long.toString(at)),
                kind(), LocalDate.of(2024, 1, 1).plusDays(random.nextInt(700)), PLACES.get(random.nextInt(3)),
                5 + random.nextInt(40), 0, at);
        activity = new Activity(activity.id(), activity.kind(), activity.on(), activity.place(), activity.total(),
                random.nextInt(activity.total() + 1), at);
        activities.get(project).add(activity);
        return "POST " + commandUrl + "/api/projects/" + projectId(project) + "/activities/" + type(activity) + " "
                + recorder(project) + " " + facts(activity);
    }

    /** A new training in a project of the benchmark's own, for the single-project and aggregate scenarios. */
    String training(String projectId, String organisation, long n) {
        return "POST " + commandUrl + "/api/projects/" + projectId + "/activities/training-delivered recorder-"
                + organisation + " " + facts(new Activity("t" + n, 0, LocalDate.of(2024, 1, 1).plusDays(n % 700),
                PLACES.get((int) (n % 3)), 20, 11, n));
    }

    private String correction(int project, Activity was) {
        // One more each time: a correction stating the facts as they are is refused, and the mix holds the first
        // statement, not the last. The number of corrections asked, not sent, so one never sent leaves none alike.
        int total = was.total() + corrections.merge(project + "/" + was.id(), 1, Integer::sum);
        Activity corrected = new Activity(was.id(), was.kind(), was.on(), was.place(), total,
                Math.min(total, was.female()), was.line());
        return "POST " + commandUrl + "/api/projects/" + projectId(project) + "/activities/" + was.id()
                + "/corrections " + recorder(project) + " {\"reason\":\"Attendance sheets recounted\",\"corrected\":"
                + facts(corrected) + "}";
    }

    private int kind() {
        int dice = random.nextInt(100);
        return dice < 60 ? 0 : dice < 85 ? 1 : 2;
    }

    private static String type(Activity activity) {
        return switch (activity.kind()) {
            case 0 -> "training-delivered";
            case 1 -> "meeting-held";
            default -> "materials-distributed";
        };
    }

    private static String facts(Activity a) {
        String common = "\"activityId\":\"" + a.id() + "\",\"occurredOn\":\"" + a.on() + "\",\"municipality\":\""
                + a.place() + "\",\"participants\":{\"total\":" + a.total() + ",\"bySex\":{\"female\":" + a.female()
                + ",\"male\":" + (a.total() - a.female()) + "}}";
        return switch (a.kind()) {
            case 0 -> "{" + common + ",\"title\":\"Training on participatory budgeting\","
                    + "\"indicatorIds\":[\"reached\",\"sessions\"],\"module\":\"Module 3\",\"sessions\":2}";
            case 1 -> "{" + common + ",\"title\":\"Budget hearing\",\"indicatorIds\":[\"reached\"],"
                    + "\"kind\":\"budget-hearing\",\"institution\":\"Municipal assembly\"}";
            default -> "{" + common + ",\"title\":\"Citizen investment kits\",\"indicatorIds\":[],"
                    + "\"item\":\"Citizen Investment Kit\",\"quantity\":" + (10 + a.total()) + "}";
        };
    }

    private int zipfRank() {
        double u = random.nextDouble();
        int low = 0;
        int high = projects - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < u) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
