package org.kronika.security;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Makes the answers given before the API is reached problem+json too: Tomcat's own (see
 * {@link ProblemErrorReportValve}) and the request firewall's; and those of errors no handler answered
 * ({@link ProblemErrorController}).
 */
@Configuration(proxyBeanMethods = false)
// The firewall whose refusals are answered here.
@Import(RequestFirewall.class)
public class ServletProblems {

    @Bean
    public RequestRejectedHandler requestRejectedHandler() {
        return StrictRequests.rejectedAsProblem();
    }

    /** In place of Spring Boot's, which backs off when there is one. */
    @Bean
    public ProblemErrorController problemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
                                                         ObjectProvider<ErrorViewResolver> errorViewResolvers) {
        return new ProblemErrorController(errorAttributes, server.getError(),
                errorViewResolvers.orderedStream().toList());
    }

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonForTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
