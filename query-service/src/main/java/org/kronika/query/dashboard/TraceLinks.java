package org.kronika.query.dashboard;

import org.kronika.query.trace.AsRecorded;
import org.kronika.query.trace.Figure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a figure's trace is: a project's figure to its facts, a programme's figure to its projects. */
public final class TraceLinks {

    private TraceLinks() {
    }

    public static String project(String projectId, Figure figure) {
        return project(projectId, figure, AsRecorded.NOW);
    }

    /** A project's figure as it stood at {@code at}: the facts recorded by an instant, or up to a version. */
    public static String project(String projectId, Figure figure, AsRecorded at) {
        StringBuilder query = query(figure);
        add(query, "knownAt", at.knownAt() == null ? null : at.knownAt().toString());
        add(query, "version", at.version() == null ? null : at.version().toString());
        return "/dashboard/projects/" + encode(projectId) + "/trace" + query;
    }

    public static String programme(Figure figure) {
        return "/dashboard/trace" + query(figure);
    }

    /** A trace's link with its page number still to append. */
    public static String pageOf(String link) {
        return pageOf(link, "page");
    }

    /** A page's link with the number of its list's page, named {@code parameter}, still to append. */
    public static String pageOf(String link, String parameter) {
        return link + (link.contains("?") ? "&" : "?") + parameter + "=";
    }

    public static String municipality(String name) {
        return "/dashboard/municipalities/" + encode(name);
    }

    private static StringBuilder query(Figure figure) {
        StringBuilder query = new StringBuilder();
        add(query, "indicator", figure.indicatorId());
        add(query, "period", figure.period());
        add(query, "municipality", figure.municipality());
        add(query, "category", figure.category());
        return query;
    }

    private static void add(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(encode(value));
        }
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
