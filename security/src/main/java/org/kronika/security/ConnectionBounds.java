package org.kronika.security;

import org.apache.coyote.AbstractProtocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How many connections a service holds open, from its heap. Each costs Tomcat's buffers for it (about 56 KB with
 * its headers still coming in), whether or not a request ever completes on it: with Tomcat's default of 8,192, an
 * anonymous client opening that many and sending its headers a line at a time took about 460 MB of a 768 MB heap,
 * collected without end, and once out of it (the service then exits). One connection per 256 KB of heap keeps them
 * all within a quarter of it (3,072 at -Xmx768m), above every other bound (the dashboards' live streams, one per
 * 400 KB). Past it Tomcat accepts no more until one closes: a service facing the internet still needs a buffering
 * proxy in front, which alone keeps such a client from holding connections at all (docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionBounds {

    static final long HEAP_PER_CONNECTION = 256 * 1024;

    /** One connection per 256 KB of the most heap the JVM takes, at least 100. */
    public static int connectionsFor(long maxHeapBytes) {
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, maxHeapBytes / HEAP_PER_CONNECTION));
    }

    /**
     * Applied after Spring Boot's own customizer (this one has the lowest precedence), so it replaces Tomcat's
     * default; {@code kronika.http.max-connections} above 0 sets it outright. Spring Boot's own
     * {@code server.tomcat.max-connections}, when set, is kept as it is ({@code -1} included: no bound), which this
     * customizer silently replaced.
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectionsBoundByTheHeap(
            @Value("${kronika.http.max-connections:0}") int maxConnections,
            @Value("${server.tomcat.max-connections:#{null}}") Integer tomcats) {
        return bounded(maxConnections > 0 ? maxConnections
                : tomcats != null ? tomcats : connectionsFor(Runtime.getRuntime().maxMemory()));
    }

    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> bounded(int bound) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setMaxConnections(bound);
            }
        });
    }
}
