package org.kronika.command.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The event store numbers events as they are inserted, not as they commit: a transaction still open holds a position
 * below events already committed. The publisher (Axon's tracking processor) keeps such a position as a gap and
 * publishes its event once it commits, but it gives a gap up once the events it reads after it are older than its
 * gap timeout, or once it is more than its gap offset behind: an event committed after that would never be
 * published, and the topic would lack it for good. Neither can happen while no transaction stays open that long, so
 * PostgreSQL ends every session of this service left idle inside a transaction for longer than
 * {@link #LONGEST_IDLE_TRANSACTION} (a process frozen in the middle of a command: a long pause, a throttled
 * container), rolling its work back, and the publisher waits for a gap several times as long.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreGaps {

    /**
     * Longer than any wait this service does inside a transaction on purpose: a batch sent to Kafka waits at most
     * its delivery timeout (15 s) after at most its blocking time (5 s).
     */
    public static final Duration LONGEST_IDLE_TRANSACTION = Duration.ofSeconds(30);
    /**
     * Far longer than a transaction stays open idle, for the publisher judges a gap's age by the time stored with the
     * events it reads after it, which is the recording instance's clock: an instance whose clock ran more than this
     * behind would make a gap look timed out at once, and the event of a transaction still open then would miss the
     * topic. Two minutes were tolerance enough for a transaction, not for a clock NTP had not yet set; a gap kept
     * longer costs a position in the publisher's read, and their number stays bounded by {@link #MAX_GAP_OFFSET}.
     */
    public static final Duration GAP_TIMEOUT = Duration.ofMinutes(15);
    /**
     * Positions a gap may fall behind: the bound's worth at 2,000 events a second, beyond the most the command side
     * sustains (BENCHMARKS.md). Only real gaps are kept (positions of rolled-back work, and of work not yet
     * committed), so a wide window costs nothing while nothing is missing; and the publisher's read names each gap
     * as a parameter of its query, of which PostgreSQL's driver takes at most 65,535: wider, a run of more unused
     * positions (a large rolled-back batch) would fail every read until the gaps time out.
     */
    public static final int MAX_GAP_OFFSET = (int) LONGEST_IDLE_TRANSACTION.toSeconds() * 2_000;

    /** Every connection of the pool ends a transaction it leaves idle longer than the bound. */
    @Bean
    static BeanPostProcessor idleTransactionsEnded() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    String bounded = "SET idle_in_transaction_session_timeout = " + LONGEST_IDLE_TRANSACTION.toMillis();
                    String own = pool.getConnectionInitSql();
                    pool.setConnectionInitSql(own == null || own.isBlank() ? bounded : own + "; " + bounded);
                }
                return bean;
            }
        };
    }
}
