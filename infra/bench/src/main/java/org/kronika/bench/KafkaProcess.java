package org.kronika.bench;

import org.kronika.infra.embedded.KafkaBroker;

import java.nio.file.Path;

/**
 * The embedded Kafka broker in a process of its own, so that the CPU it uses can be told apart from the suite's
 * ({@code ./run-local} runs it inside the launcher). Arguments: data directory, port. Stops on SIGTERM.
 */
public final class KafkaProcess {

    private KafkaProcess() {
    }

    public static void main(String[] args) throws Exception {
        KafkaBroker broker = KafkaBroker.at(Path.of(args[0]), Integer.parseInt(args[1])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-stop"));
        System.out.println("READY " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}
