package org.kronika.query;

import org.kronika.query.config.ReadModelsConfig;
import org.kronika.query.projection.ReadModelsCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    /** Starts the service, or with {@code read-models ...} runs the operator's command line (see ReadModelsCommand). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(ReadModelsCommand.NAME)) {
            System.exit(ReadModelsCommand.run(Arrays.asList(args).subList(1, args.length), ReadModelsConfig.SCHEMA_VERSION,
                    System.out, System.err));
        }
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
