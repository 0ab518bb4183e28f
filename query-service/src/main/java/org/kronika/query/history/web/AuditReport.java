package org.kronika.query.history.web;

import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.ProjectExports;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.project.ProjectView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * A printable audit report: the project, its logframe with each indicator's progress, the verdict on its hash
 * chain with the head hash, and the timeline of every event with who recorded it and why. Lists read as lists,
 * counts without decimals, measurements with their values.
 */
final class AuditReport {

    private AuditReport() {
    }

    static void write(ProjectView project, ChainVerdict verdict, ProjectHistory history, Writer out) {
        StringBuilder head = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Audit report: ").append(escape(project.title())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;font-size:11pt}table{border-collapse:collapse;width:100%}")
                .append("td,th{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left}")
                .append("td.n{text-align:right}code{font-size:9pt;word-break:break-all}@media print{a{color:black}}")
                .append("</style></head><body><h1>Audit report</h1><h2>").append(escape(project.title())).append("</h2>")
                .append("<p>Project <code>").append(escape(project.projectId())).append("</code>, implemented by ")
                .append(escape(project.organisation()))
                .append(project.organisationInvented() ? " (name invented for the demo)" : "")
                .append(", ").append(project.startDate()).append(" to ").append(project.endDate())
                .append(", in ").append(escape(list(project.municipalities()))).append(".</p>")
                .append("<h3>Hash chain</h3><p>").append(escape(ProjectExports.verdict(verdict)))
                .append(" Events: ").append(verdict.events()).append(". Head hash: <code>")
                .append(escape(verdict.headHash())).append("</code></p>")
                .append("<h3>Logframe</h3><p><b>General goal:</b> ").append(escape(project.generalGoal()))
                .append("</p><p><b>Specific objectives:</b></p><ul>");
        project.specificObjectives().forEach(o -> head.append("<li>").append(escape(o)).append("</li>"));
        head.append("</ul><h3>Indicators</h3><table><tr><th>Indicator</th><th>Unit</th><th>Baseline</th>")
                .append("<th>Achieved</th><th>Target</th><th>% of target</th></tr>");
        for (IndicatorView indicator : project.indicators()) {
            head.append("<tr><td>").append(escape(indicator.definition().name())).append("</td><td>")
                    .append(escape(indicator.definition().unit())).append("</td><td class=\"n\">")
                    .append(number(indicator.progress().baseline())).append("</td><td class=\"n\">")
                    .append(number(indicator.progress().achieved())).append("</td><td class=\"n\">")
                    .append(number(indicator.progress().target())).append("</td><td class=\"n\">")
                    .append(indicator.progress().percentOfTarget() == null ? ""
                            : number(indicator.progress().percentOfTarget()) + " %")
                    .append("</td></tr>");
        }
        head.append("</table><h3>Timeline</h3><table><tr><th>#</th><th>Recorded</th><th>Happened</th>")
                .append("<th>Event</th><th>By</th><th>What</th></tr>");
        write(out, head.toString());
        ProjectExports.each(project.projectId(), project.version(), history, entry -> write(out, row(entry)));
        write(out, "</table></body></html>");
    }

    private static String row(HistoryEntry entry) {
        Map<String, Object> data = entry.data();
        var actor = entry.actor();
        String by = actor == null || actor.subject() == null ? "" : escape(actor.subject())
                + (actor.role() == null ? "" : " (" + escape(actor.role()) + ")");
        return "<tr><td class=\"n\">" + entry.sequence() + "</td><td>" + escape(entry.time()) + "</td><td>"
                + escape(EventChain.occurredAt(data)) + "</td><td>"
                + escape(entry.type().replaceFirst("^org\\.kronika\\.", "")) + "</td><td>" + by + "</td><td>"
                + what(data) + "</td></tr>";
    }

    /** The words a reader needs: a reason, a measured value, or the activity's title and head count. */
    private static String what(Map<String, Object> data) {
        StringBuilder what = new StringBuilder();
        if (data.get("value") instanceof Number value && data.get("measurementId") != null) {
            what.append("Measured ").append(escape(data.get("indicatorId"))).append(": ").append(number(value));
        } else if (data.get("title") != null || data.get("name") != null) {
            what.append(escape(data.get("title") != null ? data.get("title") : data.get("name")));
        }
        if (data.get("participants") instanceof Map<?, ?> people && people.get("total") instanceof Number total) {
            what.append(" (").append(number(total)).append(" participants)");
        }
        if (data.get("municipalities") instanceof Collection<?> places) {
            what.append(what.isEmpty() ? "" : "; ").append(escape(list(places)));
        }
        if (data.get("reason") != null) {
            what.append(what.isEmpty() ? "" : ". ").append("Reason: ").append(escape(data.get("reason")));
        }
        return what.toString();
    }

    static String number(Number value) {
        return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    private static String list(Collection<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private static String escape(Object value) {
        return value == null ? "" : value.toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
