package org.kronika.command.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.kronika.command.project.Refusal;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's repository warns, with the whole stack (some 200 frames), of every exception thrown while it loads or
 * creates an aggregate: an unknown project, and a registration refused by a rule, too. Those are answered to their
 * sender in full (404, 422); logged, they would let anyone holding a token fill the log at will. Only they are left
 * out: a fault while loading (an event that cannot be read, say) is still logged with its stack.
 */
@Configuration(proxyBeanMethods = false)
public class QuietRefusals {

    QuietRefusals() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            logging.addTurboFilter(new RefusalsOfTheRepository());
        }
    }

    static final class RefusalsOfTheRepository extends TurboFilter {

        private static final String REPOSITORY = AbstractRepository.class.getName();

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            if (!REPOSITORY.equals(logger.getName())) {
                return FilterReply.NEUTRAL;
            }
            // warn(format, id, exception) passes the exception as the last parameter, warn(message, exception) as t.
            Throwable thrown = t != null ? t : params != null && params.length > 0
                    && params[params.length - 1] instanceof Throwable last ? last : null;
            return thrown instanceof Refusal || thrown instanceof AggregateNotFoundException
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
