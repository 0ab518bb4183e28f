package org.kronika.security;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's own port, when {@code management.server.port} sets one (the deployed configurations do, so that
 * probes and scrapes reach a service whose public connections are all held), is a second Tomcat in a child context,
 * which Spring Boot gives the {@code server.tomcat.*} settings but none of {@link ConnectionBounds}: it held up to
 * Tomcat's 8,192 connections, as many as took about 460 MB of a 768 MB heap on the public port. Its clients are the
 * kubelet's probes, Prometheus and an operator's curl; 100 connections carry them, and take at most about 6 MB.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementConnectionBounds {

    static final int MANAGEMENT_CONNECTIONS = 100;

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementConnectionsBounded() {
        return ConnectionBounds.bounded(MANAGEMENT_CONNECTIONS);
    }
}
