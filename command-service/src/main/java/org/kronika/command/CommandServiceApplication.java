package org.kronika.command;

import org.kronika.command.restore.StoreFromTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandServiceApplication {

    /** Starts the service, or with {@code restore-from-topic ...} runs the operator's tool (see StoreFromTopic). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(StoreFromTopic.NAME)) {
            // Outside Spring, logback would print the Kafka client's every step over the tool's report.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            System.exit(StoreFromTopic.run(Arrays.asList(args).subList(1, args.length), System.getenv(), System.out));
        }
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
