package org.kronika.command.calendar;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.kronika.command.project.ReportingPeriod;
import org.kronika.command.project.ReportingPeriods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far ahead the programme's reporting calendar reaches. Nothing else says when it runs out: from the day after
 * its last period every new activity falls outside the reporting periods, no report is owed for it, and a target
 * for a later period is refused, while health stays UP. So the days left are a gauge, read at each scrape (the
 * programme's today moves without any event), and the log says so at the start and once a day while fewer than
 * {@value #WARN_DAYS} remain, the alert's threshold too (docs/operations.md, "Reporting calendar ends soon").
 */
@Component
public class CalendarHorizon {

    /** Days of calendar left below which the log warns, as KronikaReportingCalendarEndsSoon alerts. */
    public static final int WARN_DAYS = 45;
    private static final Logger log = LoggerFactory.getLogger(CalendarHorizon.class);
    private static final long CHECK_EVERY_MINUTES = 60;

    /** The period that ends last, and in which calendar. */
    public record LastPeriod(String periodId, String calendar, LocalDate end) {
    }

    private final ReportingPeriods periods;
    private final Clock clock;
    /** What the last read of the calendar found: what the gauge says while the event store does not answer. */
    private final AtomicReference<LastPeriod> known = new AtomicReference<>();
    /** Whether the calendar was read at all: until then, the gauge knows nothing (NaN). */
    private volatile boolean read;
    private final AtomicReference<LocalDate> warnedOn = new AtomicReference<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "calendar-horizon");
        thread.setDaemon(true);
        return thread;
    });

    public CalendarHorizon(ReportingPeriods periods, Clock clock, MeterRegistry meters) {
        this.periods = periods;
        this.clock = clock;
        Gauge.builder("kronika.calendar.days.defined.ahead", this, CalendarHorizon::daysAheadOrNaN)
                .description("Days from the programme's today, counted, to the last day the quarters hold without a "
                        + "gap; 0 from the day after it, negative later (docs/operations.md, \"Reporting calendar ends "
                        + "soon\")")
                .register(meters);
    }

    /**
     * The quarter the programme's days from today are held in without a gap until it ends: the quarter holding
     * today, and each starting the day after the one before. Quarters alone: views group figures by them, and a day
     * none holds is counted outside every reporting period, though a period of another calendar (a fiscal year) may
     * reach further, or a quarter lie beyond a gap (one refused), which the latest end of any period counted. While
     * no quarter holds today: the last that ended, if one did, else the stretch from the first to come. Another
     * instance may have defined one a moment ago, so the stream is read each time. The programme file's quarters are
     * there once the service defined them at its start; one the calendar refused (overlapping a period an
     * administrator defined) is no period.
     */
    public LastPeriod lastPeriod() {
        List<ReportingPeriod> quarters = periods.all().stream()
                .filter(p -> ReportingCalendar.QUARTERS.equals(p.calendar()))
                .sorted(Comparator.comparing(ReportingPeriod::start)).toList();
        LocalDate today = LocalDate.now(clock);
        ReportingPeriod last = heldFrom(quarters, today);
        if (last == null) {
            last = quarters.stream().filter(q -> q.end().isBefore(today)).max(Comparator.comparing(ReportingPeriod::end))
                    .orElseGet(() -> quarters.isEmpty() ? null : heldFrom(quarters, quarters.get(0).start()));
        }
        LastPeriod found = last == null ? null : new LastPeriod(last.periodId(), last.calendar(), last.end());
        known.set(found);
        read = true;
        return found;
    }

    /** The last of the quarters holding every day from {@code day} on without a gap; null if none holds it. */
    private static ReportingPeriod heldFrom(List<ReportingPeriod> quarters, LocalDate day) {
        ReportingPeriod last = null;
        for (ReportingPeriod quarter : quarters) {
            if (!quarter.start().isAfter(day) && !quarter.end().isBefore(day)) {
                last = quarter;
                day = quarter.end().plusDays(1);
            }
        }
        return last;
    }

    /** Days from today, today counted, to the last period's end: 1 on its last day, 0 the day after. */
    public long daysAhead(LastPeriod last) {
        return ChronoUnit.DAYS.between(LocalDate.now(clock), last.end().plusDays(1));
    }

    /**
     * The days left; 0 while no quarter is defined at all (every day falls outside the periods views group by, so
     * the alert must fire: a gauge of NaN never did), NaN only while the calendar was never read.
     */
    private double daysAheadOrNaN() {
        LastPeriod last;
        try {
            last = lastPeriod();
        } catch (RuntimeException storeAway) {
            if (!read) {
                return Double.NaN;
            }
            last = known.get();
        }
        return last == null ? 0 : daysAhead(last);
    }

    /**
     * Warns once a programme day while fewer than {@value #WARN_DAYS} days are defined ahead; answers whether it did.
     */
    public boolean warnIfEndingSoon() {
        LastPeriod last = lastPeriod();
        LocalDate today = LocalDate.now(clock);
        long left = last == null ? 0 : daysAhead(last);
        if (left >= WARN_DAYS || today.equals(warnedOn.getAndSet(today))) {
            return false;
        }
        if (last == null) {
            log.warn("The programme has no reporting period of calendar quarters, which views group figures by: every "
                    + "activity falls outside them. Define its quarters: POST /api/programme/reporting-periods with an "
                    + "admin token (docs/operations.md, \"Reporting calendar ends soon\")");
        } else {
            log.warn("The programme's reporting calendar {} on {}, the last day of {} (calendar {}): {}. From the day "
                            + "after, activities fall outside every reporting period, no report is owed for them and "
                            + "targets for later periods are refused. Define the next year's periods now: POST "
                            + "/api/programme/reporting-periods with an admin token, one per quarter (docs/operations.md, "
                            + "\"Reporting calendar ends soon\")", left > 0 ? "ends" : "ended", last.end(),
                    last.periodId(), last.calendar(), daysLeft(left));
        }
        return true;
    }

    private static String daysLeft(long left) {
        return left > 1 ? left + " days left, today counted" : left == 1 ? "only today left" : "no day left";
    }

    /** At the start, once the file's quarters are defined, then every hour: a day turns, the warning is said again. */
    @EventListener(ApplicationReadyEvent.class)
    void checkDaily() {
        checks.scheduleWithFixedDelay(() -> {
            try {
                warnIfEndingSoon();
            } catch (RuntimeException e) {
                log.debug("Reporting calendar not checked now, will retry: {}", e.toString());
            }
        }, 0, CHECK_EVERY_MINUTES, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
