package org.kronika.security;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.servlet.ServletManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The actuator's own port is bounded too, not left at Tomcat's 8,192 as Spring Boot's child context leaves it. */
class ManagementConnectionBoundsTest {

    @Test
    void theActuatorsOwnPortHoldsAtMost100ConnectionsAndThePublicOneItsHeapsBound() {
        Map<String, TomcatWebServer> servers = new ConcurrentHashMap<>();
        try (var context = new SpringApplicationBuilder(Service.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off")
                .listeners((ApplicationListener<WebServerInitializedEvent>) event -> servers.put(
                        String.valueOf(event.getApplicationContext().getServerNamespace()),
                        (TomcatWebServer) event.getWebServer()))
                .run()) {
            assertThat(servers).containsKeys("management", "null");
            assertThat(maxConnectionsOf(servers.get("management"))).isEqualTo(100);
            assertThat(maxConnectionsOf(servers.get("null")))
                    .isEqualTo(ConnectionBounds.connectionsFor(Runtime.getRuntime().maxMemory()));
        }
    }

    private static int maxConnectionsOf(TomcatWebServer server) {
        return ((AbstractProtocol<?>) server.getTomcat().getService().findConnectors()[0].getProtocolHandler())
                .getMaxConnections();
    }

    /** A service as far as its web servers go: the public port bounded by its heap, the actuator on its own port. */
    @Configuration(proxyBeanMethods = false)
    @Import(ConnectionBounds.class)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class,
            ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
            HealthEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
            ServletManagementContextAutoConfiguration.class})
    static class Service {
    }
}
