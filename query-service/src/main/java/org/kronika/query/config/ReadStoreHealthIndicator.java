package org.kronika.query.config;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ServerDescription;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health as the driver's own monitor last saw it (a heartbeat every {@value ReadStoreClient#HEARTBEAT_SECONDS}
 * s): known without sending a command, so the health endpoint answers at once even while the read store has
 * stopped answering, when a command would wait. Spring Boot's own indicator sends {@code hello}, which the local
 * stand-in does not know, so it is switched off in favour of this one.
 */
@Component("readStore")
public class ReadStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final String database;

    public ReadStoreHealthIndicator(MongoClient client, MongoTemplate mongo) {
        super("MongoDB read store is unreachable");
        this.client = client;
        this.database = mongo.getDb().getName();
    }

    /** Whether the read store answered the driver's last heartbeat. */
    public boolean reachable() {
        return client.getClusterDescription().getServerDescriptions().stream().anyMatch(ServerDescription::isOk);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (reachable()) {
            builder.up().withDetail("database", database);
            return;
        }
        builder.down().withDetail("database", database)
                .withDetail("reason", "the read store does not answer; projection waits and resumes when it does");
        client.getClusterDescription().getServerDescriptions().stream()
                .filter(server -> server.getException() != null).findFirst()
                .ifPresent(server -> builder.withDetail("error", server.getException().toString()));
    }
}
