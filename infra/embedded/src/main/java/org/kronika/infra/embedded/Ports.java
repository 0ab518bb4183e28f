package org.kronika.infra.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, for components that must know their port before they start.
 *
 * <p>Ports come from below Linux's ephemeral range (32768 and up), where outgoing connections of other processes
 * cannot take them in the meantime, and a port is handed out at most once per JVM, so two components started
 * one after the other never race for the same number. Test JVMs that run at the same time (the build runs two
 * modules at once) each take their ports from a range of their own, the system property {@code kronika.ports}
 * ({@code 24000-27999}, the last included; 20000-23999 where it is not set): another JVM could otherwise be handed a
 * port this one chose and has not bound yet, or one its broker was stopped on for a test and is to start on again.
 */
public final class Ports {

    private static final int LOWEST = bound(0, 20_000);
    private static final int HIGHEST = bound(1, 23_999) + 1;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** One end of the range {@code kronika.ports} names, or of the range of the JVMs that set none. */
    private static int bound(int end, int otherwise) {
        String range = System.getProperty("kronika.ports");
        if (range == null || range.isBlank()) {
            return otherwise;
        }
        String[] ends = range.trim().split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("kronika.ports takes a range such as 24000-27999, not " + range);
        }
        return Integer.parseInt(ends[end].trim());
    }

    public static int free() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!HANDED_OUT.contains(port) && !inUse(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST);
    }

    /**
     * Whether a server could not bind {@code port} on the loopback address. The check binds as the embedded servers
     * do (Kafka, PostgreSQL, the MongoDB stand-in and Tomcat all set SO_REUSEADDR): so a listener counts, but not the
     * TIME-WAIT connections a server stopped a minute ago leaves on its port, which those servers bind past.
     */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
