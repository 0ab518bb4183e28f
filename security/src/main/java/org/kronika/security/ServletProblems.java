package org.kronika.security;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes Tomcat's own error answers problem+json; see {@link ProblemErrorReportValve}. */
@Configuration(proxyBeanMethods = false)
public class ServletProblems {

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonForTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
