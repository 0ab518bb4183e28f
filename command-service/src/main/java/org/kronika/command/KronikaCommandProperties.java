package org.kronika.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param programme        identifies the donor programme in every published event's source
 * @param topic            the published event stream
 * @param snapshotInterval take a snapshot of a project every this many events
 */
@ConfigurationProperties(prefix = "kronika")
public record KronikaCommandProperties(
        @DefaultValue("kosovo-albania-civil-society") String programme,
        @DefaultValue Topic topic,
        @DefaultValue("100") int snapshotInterval) {

    /**
     * @param name              topic name
     * @param partitions        partition count; events of one project always go to one partition
     * @param replicationFactor 1 for the embedded broker, 3 in production
     */
    public record Topic(
            @DefaultValue("kronika.project-events") String name,
            @DefaultValue("6") int partitions,
            @DefaultValue("1") short replicationFactor) {
    }
}
