package org.kronika.query.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapServers Kafka brokers
 * @param topic            the published project event stream
 * @param maxPollRecords   upper bound of one projection batch
 */
@ConfigurationProperties(prefix = "kronika.stream")
public record StreamProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("kronika.project-events") String topic,
        @DefaultValue("5000") int maxPollRecords) {
}
