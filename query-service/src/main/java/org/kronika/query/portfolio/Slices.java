package org.kronika.query.portfolio;

import java.util.ArrayList;
import java.util.List;

/**
 * The programme-wide documents, an aggregate of a scope and a cell, cut by project into {@value #COUNT} slices, each
 * stored as its own document. Each holds a line per project of its slice only, so the programme's size divides
 * among them: a document holding every project's line reaches MongoDB's 16 MB limit at a few thousand projects, and
 * a checkpoint that changes one project rewrites only that project's slice. A reader computes the slices' ids and
 * asks for them by id, and adds them up.
 *
 * <p>A project's slice comes from its id alone, by {@link String#hashCode}, which the Java language fixes, mixed so
 * that ids differing only in their last characters (numbered ones) spread too: every instance and every release puts
 * it in the same slice. Changing {@value #COUNT} or the mixing changes where lines are, and so raises the read
 * models' schema.
 *
 * <p>A rollup writes a scope's changed slices in one unordered bulk write, not one atomic document: a reader between
 * two of them sees some projects of a checkpoint and not yet others, each project's lines whole.
 */
public final class Slices {

    public static final int COUNT = 16;

    private Slices() {
    }

    /** The id of the slice of {@code documentId} that holds the project's line, e.g. {@code programme#07}. */
    public static String of(String documentId, String projectId) {
        return id(documentId, slice(projectId));
    }

    /** MurmurHash3's finaliser over the id's hash: a string's own hash moves its low bits with its last character. */
    private static int slice(String projectId) {
        int h = projectId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, COUNT);
    }

    /** The ids of every slice of the document. */
    public static List<String> all(String documentId) {
        List<String> ids = new ArrayList<>(COUNT);
        for (int slice = 0; slice < COUNT; slice++) {
            ids.add(id(documentId, slice));
        }
        return ids;
    }

    /** The ids of every slice of each of the documents. */
    public static List<String> all(List<String> documentIds) {
        List<String> ids = new ArrayList<>(documentIds.size() * COUNT);
        documentIds.forEach(id -> ids.addAll(all(id)));
        return ids;
    }

    private static String id(String documentId, int slice) {
        return documentId + (slice < 10 ? "#0" : "#") + slice;
    }
}
