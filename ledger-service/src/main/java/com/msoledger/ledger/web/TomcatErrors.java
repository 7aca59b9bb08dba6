package com.msoledger.ledger.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Installs {@link ProblemErrorReportValve} on the embedded Tomcat's host, and removes the error pages
 * (Boot's {@code /error}) from the context: an error the application did not answer itself (an
 * exception thrown by a filter, a {@code sendError}) is rendered by the valve as a problem+json, instead
 * of being forwarded to {@code /error}, where it would meet the security chain again and could come
 * back as a 401 or as Boot's own JSON. Errors of controllers are answered by {@link Problems}. Boot's
 * {@code /error} controller goes too, so a client asking for {@code /error} itself gets the 404 of any
 * unknown path, not a 500 of Boot's own shape.
 */
@Component
class TomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            // context customizers run after the factory added its error pages
            for (ErrorPage page : context.findErrorPages()) {
                context.removeErrorPage(page);
            }
        });
    }

    /** Stands in for Boot's {@code BasicErrorController} (which backs off when any ErrorController exists) and maps nothing. */
    @Bean
    ErrorController noErrorController() {
        return new ErrorController() {
        };
    }
}
