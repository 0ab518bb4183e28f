package org.kronika.query.config;

import org.kronika.query.i18n.Formats;
import org.kronika.query.i18n.Languages;
import org.kronika.query.programme.Programme;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.project.web.VisibleProjects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;

/** Albanian and English, chosen by the person or their browser (see {@link Languages}). */
@Configuration(proxyBeanMethods = false)
public class LanguageConfig {

    /** The name is what the dispatcher looks for. */
    @Bean(name = "localeResolver")
    public LocaleResolver localeResolver() {
        return new Languages();
    }

    /**
     * What the pages and the audit report write in either language.
     *
     * @param zone the time zone their times are shown in; the programme's own (its file's {@code timeZone}) unless
     *             set, as the people who read them live there
     */
    @Bean
    public Formats.Shared formats(MessageSource messages, Programme programme,
                                  @Value("${kronika.dashboard.time-zone:}") String zone,
                                  ObjectProvider<VisibleProjects> projects) {
        return new Formats.Shared(messages, zone.isBlank() ? programme.timeZone() : ZoneId.of(zone), countries(programme),
                () -> periodNames(projects.getObject()));
    }

    /** The calendar's names of its periods; none while the read models cannot say (a page still shows the ids). */
    static Map<String, String> periodNames(VisibleProjects projects) {
        try {
            Map<String, String> names = new java.util.HashMap<>();
            for (DefinedPeriod period : projects.defined(projects.live())) {
                if (period.name() != null && !period.name().isBlank()) {
                    names.putIfAbsent(period.periodId(), period.name());
                }
            }
            return names;
        } catch (RuntimeException notReadable) {
            return Map.of();
        }
    }

    /** Each municipality's country, where the programme's municipalities are in more than one; otherwise none. */
    static Map<String, String> countries(Programme programme) {
        Map<String, String> countries = programme.municipalities().stream()
                .collect(Collectors.toMap(Programme.Municipality::name, Programme.Municipality::country));
        return new HashSet<>(countries.values()).size() > 1 ? countries : Map.of();
    }
}
