package org.kronika.query.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapServers Kafka brokers
 * @param topic            the published project event stream
 * @param maxPollRecords   upper bound of one projection batch
 * @param sessionTimeout   how long the consumer group waits for a member that stopped answering before it gives its
 *                         partitions to others; also how long a re-join waits for a member that vanished without
 *                         leaving (Kafka's default, 45 s, was how long the projection stood still after a freeze)
 */
@ConfigurationProperties(prefix = "kronika.stream")
public record StreamProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("kronika.project-events") String topic,
        @DefaultValue("5000") int maxPollRecords,
        @DefaultValue("10s") java.time.Duration sessionTimeout) {
}
