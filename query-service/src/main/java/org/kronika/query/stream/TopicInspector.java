package org.kronika.query.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.kronika.query.readmodel.TopicIdentity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks Kafka what the published topic is: its id and its number of partitions. It is asked every few seconds while
 * the service runs (a recreated topic is followed), so one admin client serves every question: a client per question
 * was a connection, a thread and a 70-line configuration dump in the log each time.
 */
public class TopicInspector implements AutoCloseable {

    private final StreamProperties properties;
    private final Duration timeout;
    private Admin admin;

    /** @param timeout how long Kafka has to answer a question */
    public TopicInspector(StreamProperties properties, Duration timeout) {
        this.properties = properties;
        this.timeout = timeout;
    }

    /**
     * The topic's identity; empty while it does not exist yet (the command side creates it).
     *
     * @throws IllegalStateException when Kafka does not answer within the timeout
     */
    public Optional<TopicIdentity> identify() {
        try {
            TopicDescription description = admin().describeTopics(List.of(properties.topic())).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(properties.topic());
            return Optional.of(new TopicIdentity(description.name(), description.topicId().toString(),
                    description.partitions().size()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("Kafka could not describe topic " + properties.topic() + ": "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + properties.bootstrapServers() + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Kafka about " + properties.topic(), e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        }
        return admin;
    }

    /** Closes the admin client; a later question opens another. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
