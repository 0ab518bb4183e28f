package org.kronika.query.readmodel;

/**
 * Document ids that put a project's facts in order. Every read of a page or a range asks for ids it can compute
 * ({@code $in}), never for a range or a secondary field: that is what keeps a page's cost independent of how much
 * history there is, on a real MongoDB and on the local stand-in alike.
 */
public final class Keys {

    private Keys() {
    }

    /** A numbered fact of a project: {@code projectId/0000000000000000042}. */
    public static String numbered(String projectId, long number) {
        if (number < 0) {
            return projectId + "/" + String.format(java.util.Locale.ROOT, "%019d", number);
        }
        // By hand: String.format parsed its pattern for every id, 2 % of a rebuild's allocation.
        String digits = Long.toString(number);
        StringBuilder id = new StringBuilder(projectId.length() + 1 + WIDTH).append(projectId).append('/');
        for (int i = digits.length(); i < WIDTH; i++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /** Digits of the largest long, so ids sort as their numbers do. */
    private static final int WIDTH = 19;

    public static java.util.List<String> numbered(String projectId, long from, long toExclusive) {
        java.util.List<String> ids = new java.util.ArrayList<>((int) Math.max(0, toExclusive - from));
        for (long n = from; n < toExclusive; n++) {
            ids.add(numbered(projectId, n));
        }
        return ids;
    }

    /** A named fact of a project, e.g. an activity by its id. */
    public static String named(String projectId, String name) {
        return projectId + "|" + name;
    }
}
