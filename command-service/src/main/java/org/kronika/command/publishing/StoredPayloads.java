package org.kronika.command.publishing;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events' data exactly as stored when they were recorded. Publishing these bytes, not a fresh serialisation of
 * the (possibly upcast) event, keeps every published copy identical to what its hash covers.
 */
@Component
public class StoredPayloads {

    private final NamedParameterJdbcTemplate jdbc;

    public StoredPayloads(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, byte[]> of(List<String> eventIds) {
        Map<String, byte[]> payloads = new HashMap<>();
        if (eventIds.isEmpty()) {
            return payloads;
        }
        jdbc.query("SELECT eventidentifier, payload FROM domainevententry WHERE eventidentifier IN (:ids)",
                Map.of("ids", eventIds), rs -> {
                    payloads.put(rs.getString(1), rs.getBytes(2));
                });
        return payloads;
    }
}
