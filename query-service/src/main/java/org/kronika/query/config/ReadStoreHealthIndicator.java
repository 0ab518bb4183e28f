package org.kronika.query.config;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}, which every MongoDB-compatible server answers. Spring Boot's own indicator
 * sends {@code hello}, which the local stand-in does not know, so it is switched off in favour of this one.
 */
@Component("readStore")
public class ReadStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public ReadStoreHealthIndicator(MongoTemplate mongo) {
        super("MongoDB read store is unreachable");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.getDb().runCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
