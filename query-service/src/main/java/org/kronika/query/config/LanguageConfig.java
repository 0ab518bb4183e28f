package org.kronika.query.config;

import org.kronika.query.i18n.Languages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

/** Albanian and English, chosen by the person or their browser (see {@link Languages}). */
@Configuration(proxyBeanMethods = false)
public class LanguageConfig {

    /** The name is what the dispatcher looks for. */
    @Bean(name = "localeResolver")
    public LocaleResolver localeResolver() {
        return new Languages();
    }
}
