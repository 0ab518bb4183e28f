package org.kronika.query.config;

import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The read store's client timeouts. A store that stops answering (paused, partitioned) is noticed by the driver's
 * monitor within seconds, which health reports; nothing waits for ever on it, yet no operation of the projection is
 * cut short while the store is merely slow. A query that finds no store waits for it the server selection timeout,
 * then is answered 503: a reader of a page waits 3 s for that, not 10. The projection's writes wait as long: a store
 * away for longer (a replica set electing its primary takes up to about 10 s) makes the projection retry from its
 * last checkpoint sooner, reading again what it had applied since, which it does the same way after any failure.
 * The monitor calls the store away only after a heartbeat fails, not in a collector's pause.
 */
@Configuration(proxyBeanMethods = false)
public class ReadStoreClient {

    static final int HEARTBEAT_SECONDS = 5;
    static final int SERVER_SELECTION_SECONDS = 3;

    @Bean
    public MongoClientSettingsBuilderCustomizer readStoreTimeouts() {
        return settings -> settings
                .applyToServerSettings(server -> server.heartbeatFrequency(HEARTBEAT_SECONDS, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(60, TimeUnit.SECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(SERVER_SELECTION_SECONDS, TimeUnit.SECONDS));
    }
}
