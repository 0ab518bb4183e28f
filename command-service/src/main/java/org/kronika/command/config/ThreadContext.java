package org.kronika.command.config;

import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.Map;

/**
 * What the command bus's interceptors read from the thread of the request: the request (its Idempotency-Key, its
 * correlation id, where a replayed answer is marked), the caller, and the logging context. Carried to whichever
 * thread handles a request's command: a group's leader, or the thread that retries a conflict. (Which command of a
 * group the leader decides is the group's own to say, on the leader's thread.)
 */
public record ThreadContext(RequestAttributes request, SecurityContext security, Map<String, String> logging) {

    public static ThreadContext ofThisThread() {
        return new ThreadContext(RequestContextHolder.getRequestAttributes(), SecurityContextHolder.getContext(),
                MDC.getCopyOfContextMap());
    }

    public void restore() {
        RequestContextHolder.setRequestAttributes(request);
        SecurityContextHolder.setContext(security);
        if (logging == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(logging);
        }
    }

    /** The task, run with this context in place and with the running thread's own put back after it. */
    public Runnable around(Runnable task) {
        return () -> {
            ThreadContext own = ofThisThread();
            restore();
            try {
                task.run();
            } finally {
                own.restore();
            }
        };
    }
}
