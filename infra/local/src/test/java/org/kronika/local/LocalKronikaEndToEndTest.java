package org.kronika.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kronika.infra.embedded.Ports;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The system as the README's run command starts it: every component embedded, on free ports. */
class LocalKronikaEndToEndTest extends EndToEndContract {

    @RegisterExtension
    static final WorkDirectory work = new WorkDirectory("kronika-e2e");

    private static LocalKronika kronika;

    @BeforeAll
    static void start() throws Exception {
        Path commandJar = Path.of(System.getProperty("kronika.command-service.jar"));
        Path queryJar = Path.of(System.getProperty("kronika.query-service.jar"));
        Path authJar = Path.of(System.getProperty("kronika.auth-server.jar"));
        assertThat(commandJar).as("built by the reactor before this module's tests (run ./mvnw verify)").exists();
        assertThat(queryJar).exists();
        kronika = new LocalKronika(new Settings(work.path(),
                Optional.empty(), Ports.free(),
                Optional.empty(), "postgres", "postgres", Ports.free(),
                Optional.empty(), Ports.free(),
                Optional.empty(), Optional.empty(), Ports.free(),
                Ports.free(), Ports.free(), authJar, commandJar, queryJar, true)).start();
    }

    @AfterAll
    static void stop() {
        if (kronika != null) {
            kronika.close();
        }
    }

    /**
     * The demo's passwords are published: served on every interface, anyone on the same network (a café's, a
     * conference's) took an administrator's token and recorded into the user's history, which keeps everything.
     */
    @org.junit.jupiter.api.Test
    void theServicesAnswerOnThisMachineOnly() throws Exception {
        java.util.Optional<java.net.InetAddress> elsewhere = java.net.NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(elsewhere.isPresent(), "no address but the loopback's");
        for (String url : java.util.List.of(kronika.authServerUrl(), kronika.commandServiceUrl(),
                kronika.queryServiceUrl())) {
            int port = java.net.URI.create(url).getPort();
            try (java.net.Socket local = new java.net.Socket()) {
                local.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 2_000);
            }
            try (java.net.Socket remote = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> remote.connect(
                        new java.net.InetSocketAddress(elsewhere.get(), port), 2_000)).as(url)
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Override
    LocalKronika kronika() {
        return kronika;
    }

    @Override
    String postgresUser() {
        return "postgres";
    }

    @Override
    String postgresPassword() {
        return "postgres";
    }
}
