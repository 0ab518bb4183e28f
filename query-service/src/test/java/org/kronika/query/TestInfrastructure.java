package org.kronika.query;

import org.kronika.auth.AuthServerApplication;
import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.MongoStandIn;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.TemporaryDirectory;
import org.springframework.test.context.DynamicPropertyRegistry;


/** One real Kafka broker and one MongoDB stand-in for the whole test run, started on first use. */
public final class TestInfrastructure {

    private static KafkaBroker kafka;
    private static MongoStandIn mongo;
    private static String authServer;
    private static int servicePort;
    private static TemporaryDirectory scratch;

    private TestInfrastructure() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.temporary(0).start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    public static synchronized MongoStandIn mongo() {
        if (mongo == null) {
            mongo = MongoStandIn.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        }
        return mongo;
    }

    /** A client of the stand-in that shows each command it sends to {@code started}, for tests that count reads. */
    public static com.mongodb.client.MongoClient mongoClient(
            java.util.function.Consumer<com.mongodb.event.CommandStartedEvent> started) {
        return com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo().connectionString("x")))
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        started.accept(event);
                    }
                }).build());
    }

    /**
     * The port the service under test listens on: chosen before it starts, because the authorization server only
     * lets a sign-in return to the dashboards' exact address.
     */
    public static synchronized int servicePort() {
        if (servicePort == 0) {
            servicePort = Ports.free();
        }
        return servicePort;
    }

    /** The local authorization server with the demo clients and users, on a free port. */
    public static synchronized String authServer() {
        if (authServer == null) {
            int port = Ports.free();
            authServer = "http://localhost:" + port;
            var context = AuthServerApplication.start("--server.port=" + port, "--spring.profiles.active=demo",
                    "--kronika.auth.issuer=" + authServer, "--KRONIKA_DASHBOARD_URL=http://localhost:" + servicePort(),
                    "--server.tomcat.basedir=" + scratch("tomcat-auth"));
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return authServer;
    }

    /** A folder of this test run's scratch directory (Tomcat's work folders), removed when the run ends. */
    public static synchronized java.nio.file.Path scratch(String name) {
        if (scratch == null) {
            scratch = TemporaryDirectory.removedAtExit("kronika-query-tests");
        }
        return scratch.resolve(name);
    }

    public static void register(DynamicPropertyRegistry registry, String database, String topic) {
        registry.add("server.port", TestInfrastructure::servicePort);
        registry.add("server.tomcat.basedir", () -> scratch("tomcat"));
        registry.add("kronika.security.issuer", TestInfrastructure::authServer);
        registry.add("kronika.security.jwks-uri", () -> authServer() + "/oauth2/jwks");
        registry.add("spring.data.mongodb.uri", () -> mongo().connectionString(database));
        registry.add("kronika.stream.bootstrap-servers", () -> kafka().bootstrapServers());
        registry.add("kronika.stream.topic", () -> topic);
    }

    /** A query service of its own on a free port, over this run's broker, stand-in and authorization server. */
    public static org.springframework.context.ConfigurableApplicationContext queryService(int port, String topic,
                                                                                         String database) {
        return new org.springframework.boot.builder.SpringApplicationBuilder(QueryServiceApplication.class).run(
                "--server.port=" + port,
                "--server.tomcat.basedir=" + scratch("tomcat"),
                "--kronika.security.issuer=" + authServer(),
                "--kronika.security.jwks-uri=" + authServer() + "/oauth2/jwks",
                "--spring.data.mongodb.uri=" + mongo().connectionString(database),
                "--kronika.stream.bootstrap-servers=" + kafka().bootstrapServers(),
                "--kronika.stream.topic=" + topic);
    }
}
