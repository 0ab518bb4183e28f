package org.kronika.events.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one project's hash chain stood: its last event's sequence and hash.
 *
 * @param sequence the sequence of the project's last event covered
 * @param hash     that event's chain hash (64 lowercase hex digits)
 */
public record Head(String projectId, long sequence, String hash) {

    /** The head as a JSON object, the form that is hashed into the tree and signed. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("projectId", projectId);
        json.put("sequence", sequence);
        json.put("hash", hash);
        return json;
    }
}
