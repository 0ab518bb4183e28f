package org.kronika.security;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;

import static org.assertj.core.api.Assertions.assertThat;

/** A service holds no more connections than its heap carries, whatever Tomcat's default. */
class ConnectionBoundsTest {

    @Test
    void oneConnectionPer256KilobytesOfHeapAndNeverFewerThan100() {
        assertThat(ConnectionBounds.connectionsFor(768L * 1024 * 1024)).isEqualTo(3072);
        assertThat(ConnectionBounds.connectionsFor(16L * 1024 * 1024)).isEqualTo(100);
    }

    @Test
    void tomcatIsGivenTheBoundFromTheHeapOrTheOneSet() {
        assertThat(maxConnectionsOf(0)).isEqualTo(ConnectionBounds.connectionsFor(Runtime.getRuntime().maxMemory()))
                .isNotEqualTo(8192);
        assertThat(maxConnectionsOf(500)).isEqualTo(500);
    }

    /** Spring Boot's own setting was silently replaced by the bound from the heap. */
    @Test
    void springBootsOwnSettingIsTakenAsTheBoundToo() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(ConnectionBounds.class)
                .withPropertyValues("server.tomcat.max-connections=500", "kronika.http.max-connections=0")
                .run(context -> assertThat(maxConnectionsOf(context.getBean(
                        org.springframework.boot.web.server.WebServerFactoryCustomizer.class))).isEqualTo(500));
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withUserConfiguration(ConnectionBounds.class)
                .withPropertyValues("server.tomcat.max-connections=-1")
                .run(context -> assertThat(maxConnectionsOf(context.getBean(
                        org.springframework.boot.web.server.WebServerFactoryCustomizer.class))).as("no bound")
                        .isEqualTo(-1));
    }

    private static int maxConnectionsOf(int set) {
        return maxConnectionsOf(new ConnectionBounds().connectionsBoundByTheHeap(set, null));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int maxConnectionsOf(org.springframework.boot.web.server.WebServerFactoryCustomizer customizer) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        customizer.customize(factory);
        TomcatWebServer server = (TomcatWebServer) factory.getWebServer();
        try {
            server.start();
            return ((AbstractProtocol<?>) server.getTomcat().getService().findConnectors()[0].getProtocolHandler())
                    .getMaxConnections();
        } finally {
            server.stop();
        }
    }
}
