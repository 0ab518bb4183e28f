package org.kronika.query.config;

import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The read store's client timeouts. A store that stops answering (paused, partitioned) is noticed by the driver's
 * monitor within seconds, which health reports; nothing waits for ever on it, yet no operation of the projection is
 * cut short while the store is merely slow.
 */
@Configuration(proxyBeanMethods = false)
public class ReadStoreClient {

    static final int HEARTBEAT_SECONDS = 5;

    @Bean
    public MongoClientSettingsBuilderCustomizer readStoreTimeouts() {
        return settings -> settings
                .applyToServerSettings(server -> server.heartbeatFrequency(HEARTBEAT_SECONDS, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(60, TimeUnit.SECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS));
    }
}
