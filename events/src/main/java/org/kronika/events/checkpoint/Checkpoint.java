package org.kronika.events.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed statement of where every project's chain stood at one moment: whoever holds it can later show that a
 * project's history still reaches at least that far, unchanged, and that nothing was cut off its end. It is what
 * a copy of the data alone cannot prove, because whoever holds the data can recompute every hash.
 *
 * @param programme the programme whose projects it covers
 * @param issuedAt  when it was signed (RFC 3339, UTC)
 * @param heads     every project's head, sorted by project id
 * @param root      the RFC 6962 Merkle root over the heads ({@link MerkleTree})
 * @param reason    why it was signed: {@code periodic}, or {@code approval <project> <period>}
 */
public record Checkpoint(String programme, String issuedAt, List<Head> heads, String root, String reason) {

    public Checkpoint {
        heads = List.copyOf(heads);
    }

    /** A checkpoint over these heads, with its Merkle root computed. */
    public static Checkpoint of(String programme, String issuedAt, List<Head> heads, String reason) {
        List<Head> sorted = new ArrayList<>(heads);
        sorted.sort(Comparator.comparing(Head::projectId));
        return new Checkpoint(programme, issuedAt, sorted, MerkleTree.of(sorted).root(), reason);
    }

    /** The payload that is signed, as a JSON object: canonicalised before signing. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("programme", programme);
        json.put("issuedAt", issuedAt);
        json.put("size", heads.size());
        json.put("root", root);
        json.put("reason", reason);
        json.put("heads", heads.stream().map(Head::json).toList());
        return json;
    }

    /**
     * A checkpoint from its payload as any JSON parser reads it (objects as maps, arrays as lists), without checking
     * anything: {@link #rootMatchesHeads()} and the signature decide whether to trust it.
     */
    public static Checkpoint fromJson(Map<String, ?> payload) {
        List<Head> heads = new ArrayList<>();
        if (payload.get("heads") instanceof List<?> list) {
            for (Object head : list) {
                if (head instanceof Map<?, ?> json) {
                    heads.add(new Head(text(json.get("projectId")),
                            json.get("sequence") instanceof Number n ? n.longValue() : -1, text(json.get("hash"))));
                }
            }
        }
        return new Checkpoint(text(payload.get("programme")), text(payload.get("issuedAt")), heads,
                text(payload.get("root")), text(payload.get("reason")));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Whether the root is the one these heads give: a checkpoint whose heads were edited fails this. */
    public boolean rootMatchesHeads() {
        return MerkleTree.of(heads).root().equals(root);
    }

    public java.util.Optional<Head> head(String projectId) {
        return heads.stream().filter(h -> h.projectId().equals(projectId)).findFirst();
    }

    public int indexOf(String projectId) {
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).projectId().equals(projectId)) {
                return i;
            }
        }
        return -1;
    }
}
