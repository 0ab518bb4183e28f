package org.kronika.security;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Makes the answers given before the API is reached problem+json too: Tomcat's own (see
 * {@link ProblemErrorReportValve}) and the request firewall's.
 */
@Configuration(proxyBeanMethods = false)
// The firewall whose refusals are answered here.
@Import(RequestFirewall.class)
public class ServletProblems {

    @Bean
    public RequestRejectedHandler requestRejectedHandler() {
        return StrictRequests.rejectedAsProblem();
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
