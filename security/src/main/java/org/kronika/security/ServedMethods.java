package org.kronika.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The methods the service's handlers answer at a request's address, asked of its handler mappings as the
 * dispatcher asks them, before the dispatcher is reached: a refusal can then tell an address nothing serves (404)
 * and a method not served there (405) from a role's refusal (403). A static resource handler is no address: it
 * takes any path, whether or not a file is there.
 */
public final class ServedMethods {

    private final Supplier<? extends Collection<HandlerMapping>> mappings;
    private volatile Collection<HandlerMapping> found;

    /** @param mappings the service's handler mappings, asked for once, when the first refusal needs them */
    public ServedMethods(Supplier<? extends Collection<HandlerMapping>> mappings) {
        this.mappings = mappings;
    }

    private Collection<HandlerMapping> mappings() {
        if (found == null) {
            found = List.copyOf(mappings.get());
        }
        return found;
    }

    /**
     * @return empty when no handler serves the request's path, by any method; else the methods served there, the
     * request's own among them when a handler serves it (whatever else it then refuses: a body or an Accept)
     */
    public Set<HttpMethod> at(HttpServletRequest request) {
        HttpMethod own = HttpMethod.valueOf(request.getMethod());
        Set<HttpMethod> served = new LinkedHashSet<>();
        for (HandlerMapping mapping : mappings()) {
            try {
                HandlerExecutionChain found = handler(mapping, request);
                if (found != null && !(found.getHandler() instanceof ResourceHttpRequestHandler)) {
                    return Set.of(own);
                }
            } catch (HttpRequestMethodNotSupportedException otherMethods) {
                if (otherMethods.getSupportedHttpMethods() != null) {
                    served.addAll(otherMethods.getSupportedHttpMethods());
                }
            } catch (Exception refusedOnceFound) {
                // The path and method matched, and the handler's other conditions did not: it serves them.
                return Set.of(own);
            }
        }
        return served;
    }

    /**
     * The handler a mapping finds for the request, or null; found on a copy of the request's attributes, since
     * finding a handler notes what it found, as the dispatcher will again.
     */
    static HandlerExecutionChain handler(HandlerMapping mapping, HttpServletRequest request) throws Exception {
        HttpServletRequest probe = new OwnAttributes(request);
        ServletRequestPathUtils.parseAndCache(probe);
        return mapping.getHandler(probe);
    }

    /** The request, with attributes of its own on top of the request's. */
    private static final class OwnAttributes extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();

        OwnAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.containsKey(name) ? attributes.get(name) : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.put(name, null);
        }
    }
}
