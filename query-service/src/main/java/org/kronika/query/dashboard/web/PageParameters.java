package org.kronika.query.dashboard.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.web.InvalidParameter;
import org.kronika.security.Problem;
import org.kronika.security.StrictRequests;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A page's address that asks for what the page does not take (a mistyped {@code ?pgae=2}, a parameter of another
 * page) is refused, 400 naming it, as the API refuses it ({@link StrictRequests}): a page that ignored it would
 * show something other than what its address asks for. What a page takes is read from its handler's
 * {@link RequestParam}s, so the check cannot drift from the pages. The refusal is thrown before the handler runs,
 * so {@link PageModel} answers it with the page in the reader's language.
 */
@Configuration(proxyBeanMethods = false)
class PageParameters implements WebMvcConfigurer, HandlerInterceptor {

    /**
     * Taken by every page: where signing in returns to, the page first asked for, carries it (Spring Security's
     * request cache finds the saved request by it).
     */
    static final Set<String> EVERY_PAGE = Set.of("continue");

    private final Map<Method, Set<String>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/dashboard", "/dashboard/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // A form's fields are in its body, not its address: only what is read, by GET or HEAD, is checked. A
        // forward (a refusal's page) was checked as the page it was asked for, if at all.
        if (handler instanceof HandlerMethod page && isPage(page) && request.getDispatcherType() == DispatcherType.REQUEST
                && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            Set<String> names = taken.computeIfAbsent(page.getMethod(), method -> StrictRequests.requestParams(page));
            for (String name : request.getParameterMap().keySet()) {
                if (!names.contains(name) && !EVERY_PAGE.contains(name)) {
                    throw new NotTaken(Problem.printable(name));
                }
            }
        }
        return true;
    }

    /** The dashboards' own handlers, whose refusals {@link PageModel} turns into pages. */
    private static boolean isPage(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().equals(PageModel.class.getPackageName());
    }

    /** A query parameter the page does not take at all, as against one whose value it cannot use. */
    static final class NotTaken extends InvalidParameter {
        NotTaken(String parameter) {
            super(parameter, "is not a query parameter of this page");
        }
    }
}
