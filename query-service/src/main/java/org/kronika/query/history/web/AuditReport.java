package org.kronika.query.history.web;

import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;
import org.kronika.query.dashboard.Timeline;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.history.HistoryEntryView;
import org.kronika.query.history.ProjectExports;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.report.ApprovedBesideNow;
import org.kronika.query.i18n.Formats;
import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.project.ProjectView;
import org.kronika.query.report.PeriodFigures;
import org.kronika.query.report.PeriodReportView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A printable audit report, in the reader's language: the project with its status and, once closed out, its
 * closure (when, by whom, the comment, its final reports), its logframe with each indicator's progress, the verdict
 * on its hash chain with the head hash, and the timeline of every event with who recorded it and why.
 * Lists read as lists, counts without decimals, measurements with their values and units, numbers and dates as
 * the language writes them. Event types and data stay as recorded: they are the evidence.
 */
final class AuditReport {

    /** One file to print or keep: its styles are its own, not a stylesheet fetched from the service. */
    static final String STYLE = "body{font-family:sans-serif;margin:2em;font-size:11pt;color:#1a1a1a}"
            + "@media (max-width:40em){body{margin:1em}}"
            // A wide table scrolls inside its own region on a phone, as on the dashboards, and never widens the
            // page; on paper it is whole.
            + ".table-wrap{overflow-x:auto;max-width:100%;position:relative;margin:0 0 1em;container-type:inline-size}"
            // A wide table's caption stays readable on a phone: held to the visible width, in place as it scrolls.
            + ".table-wrap>table>caption{position:sticky;left:0;max-width:100cqi}"
            + "table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:bold;padding:3px 0}"
            + "td,th{border:1px solid #767676;padding:3px 6px;vertical-align:top;text-align:left}"
            + "td.n{text-align:right}code{font-size:9pt;word-break:break-all}"
            // What people wrote keeps their paragraphs, and a long word or address wraps instead of widening the page.
            + ".said{white-space:pre-line;overflow-wrap:anywhere}"
            // Read out, not shown: what a dash in place of a figure means.
            + ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
            + "@media print{a{color:black}.table-wrap{overflow:visible}}";

    /**
     * The report's own policy, replacing the dashboards' (whose {@code default-src 'self'} blocks inline styles):
     * nothing loads, runs or frames it; only its own styles, named by their hash, apply.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private AuditReport() {
    }

    /**
     * @param unapplied  why the history shown is not the whole one the topic holds, or {@code null} if it is
     * @param inQuestion the event shown that another record on the topic claims too, or {@code null}
     */
    static void write(ProjectView project, ChainVerdict verdict, String unapplied, Long inQuestion,
                      ProjectHistory history, List<PeriodReportView> reports, Formats fmt, Writer out) {
        StringBuilder head = new StringBuilder("<!doctype html><html lang=\"").append(fmt.language())
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, ")
                .append("initial-scale=1\"><title>").append(escape(fmt.message("report.title"))).append(": ")
                .append(escape(project.title())).append("</title><style>").append(STYLE)
                .append("</style></head><body><main><h1>").append(escape(fmt.message("report.title")))
                .append("</h1><h2>").append(escape(project.title())).append("</h2><dl>")
                .append(term(fmt.message("project.id"), "<code>" + escape(project.projectId()) + "</code>"))
                .append(term(fmt.message("project.organisation"), escape(project.organisation())
                        + (project.organisationInvented() ? " (" + escape(fmt.message("project.invented")) + ")" : "")))
                .append(term(fmt.message("project.period"), escape(fmt.date(project.startDate())) + " – "
                        + escape(fmt.date(project.endDate()))))
                .append(term(fmt.message("project.status"), escape(fmt.label("status", project.status()))))
                .append("</dl>").append(closure(project.closure(), fmt))
                .append("<h3>").append(escape(fmt.message("project.municipalities"))).append("</h3>")
                .append(list(project.municipalities().stream().map(fmt::place).toList()));
        if (!project.targetGroups().isEmpty()) {
            head.append("<h3>").append(escape(fmt.message("project.targetGroups"))).append("</h3>")
                    .append(list(project.targetGroups()));
        }
        head.append("<h3>").append(escape(fmt.message("chain.title"))).append("</h3><p>")
                .append(escape(!verdict.verified() ? fmt.message("chain.broken", verdict.brokenAt(),
                        fmt.message("chain.break." + verdict.kind()))
                        : unapplied != null && inQuestion != null ? fmt.message("chain.incompleteAt", inQuestion)
                        : unapplied != null ? fmt.message("chain.incomplete", verdict.events() - 1)
                        : fmt.message("chain.verified", verdict.events(), fmt.number(verdict.events()))))
                .append(unapplied == null ? "" : "</p><p>" + escape(unapplied))
                .append("</p><p>").append(escape(fmt.message("chain.head"))).append(" <code>")
                .append(escape(verdict.headHash())).append("</code></p>")
                .append("<h3>").append(escape(fmt.message("logframe.title"))).append("</h3><p><b>")
                .append(escape(fmt.message("logframe.goal"))).append(":</b> ").append(escape(project.generalGoal()))
                .append("</p><p><b>").append(escape(fmt.message("logframe.objectives"))).append(":</b></p>")
                .append(list(project.specificObjectives()))
                .append("<h3>").append(escape(fmt.message("indicators.title"))).append("</h3>")
                .append(table("report-indicators", fmt.message("report.indicators"))).append("<thead><tr>");
        for (String column : List.of("indicator.name", "indicator.unit", "indicator.baseline", "indicator.achieved",
                "indicator.target", "indicator.percent")) {
            head.append("<th scope=\"col\">").append(escape(fmt.message(column))).append("</th>");
        }
        head.append("</tr></thead><tbody>");
        for (IndicatorView indicator : project.indicators()) {
            var progress = indicator.progress();
            String unit = indicator.definition().unit();
            // A mean or latest value of nothing is no figure: its 0 would read as measured.
            boolean nothing = indicator.definition().nothingMeasured(progress.contributions());
            head.append("<tr><td>").append(escape(indicator.definition().name())).append("</td><td>")
                    .append(escape(fmt.label("unit", unit))).append("</td>").append(cell(progress.baseline(), unit, fmt))
                    .append(nothing ? missing(fmt) : cell(progress.achieved(), unit, fmt))
                    .append(cell(progress.target(), unit, fmt)).append("<td class=\"n\">")
                    .append(escape(nothing || progress.percentOfTarget() == null && indicator.definition().descending()
                            ? fmt.message("indicator.notMeasured") : fmt.percent(progress.percentOfTarget())))
                    .append("</td></tr>");
        }
        head.append("</tbody>").append(END_TABLE).append(periods(reports, fmt));
        head.append("<h3>").append(escape(fmt.message("timeline.title"))).append("</h3>")
                .append(table("report-events", fmt.message("report.events"))).append("<thead><tr>");
        for (String column : List.of("history.sequence", "history.recordedAt", "history.occurredAt", "history.type",
                "history.actor", "history.what")) {
            head.append("<th scope=\"col\">").append(escape(fmt.message(column))).append("</th>");
        }
        head.append("</tr></thead><tbody>");
        write(out, head.toString());
        Units units = new Units(project);
        ProjectExports.each(project.projectId(), project.version(), history,
                entry -> write(out, row(entry, fmt, units)));
        write(out, "</tbody>" + END_TABLE + "</main></body></html>");
    }

    /**
     * The closure standing, as the project's page says it: when, by whom (the report is served only to those who
     * read the history, who see who did what), the comment, the event that recorded it, and its final reports, each
     * leading to its report below. Nothing while the project is open.
     */
    private static String closure(ProjectView.Closed closure, Formats fmt) {
        if (closure == null) {
            return "";
        }
        String when = closure.by() == null || closure.by().subject() == null
                ? fmt.message("closure.on", fmt.instant(closure.at()))
                : fmt.message("closure.onBy", fmt.instant(closure.at()), closure.by().subject());
        StringBuilder html = new StringBuilder("<h3>").append(escape(fmt.message("closure.title"))).append("</h3><p>")
                .append(escape(when)).append(closure.comment() == null ? "."
                        : ": <span class=\"said\">" + escape(fmt.sentence(closure.comment())) + "</span>")
                .append(" · #").append(closure.sequence()).append("</p><p>");
        if (closure.periodIds().isEmpty()) {
            html.append(escape(fmt.message("closure.noFinalReports")));
        } else {
            html.append(escape(fmt.message("closure.finalReports"))).append(' ').append(String.join(", ",
                    closure.periodIds().stream().map(periodId -> "<a href=\"#" + periodAnchor(periodId) + "\">"
                            + escape(fmt.period(periodId)) + "</a>").toList())).append('.');
        }
        return html.append("</p><p>").append(escape(fmt.message("closure.lead"))).append("</p>").toString();
    }

    /** A period report's heading's id, which the closure's final reports lead to. */
    private static String periodAnchor(String periodId) {
        return escape("period-" + periodId);
    }

    /**
     * Every period report beyond "open": its status and discussion, and for an approved one its figures as approved
     * beside the same figures today, with every change flagged since (until a reopening, which it names). An
     * auditor checks "as approved" by replaying the exported history up to the approval's head
     * (docs/audit/README.md, "Checking an approved period report").
     */
    private static String periods(List<PeriodReportView> reports, Formats fmt) {
        StringBuilder html = new StringBuilder("<h3>").append(escape(fmt.message("reports.title"))).append("</h3>");
        if (reports.isEmpty()) {
            return html.append("<p>").append(escape(fmt.message("reports.none"))).append("</p>").toString();
        }
        for (PeriodReportView report : reports) {
            html.append("<h4 id=\"").append(periodAnchor(report.periodId())).append("\">")
                    .append(escape(fmt.period(report.periodId()))).append(" (")
                    .append(escape(fmt.date(report.start()))).append(" – ").append(escape(fmt.date(report.end())))
                    .append(")</h4><p>").append(escape(fmt.message("reports.status"))).append(": <b>")
                    .append(escape(fmt.label("reportStatus", report.status()))).append("</b></p><p>")
                    .append(escape(fmt.message("reports.discussion"))).append(":</p><ul>");
            for (PeriodReportView.Step step : report.discussion()) {
                html.append("<li>").append(escape(fmt.label("reportStep", step.kind()))).append(", ")
                        .append(escape(fmt.instant(step.at()))).append(who(step.by(), fmt))
                        .append(step.comment() == null ? "" : ": <span class=\"said\">" + escape(step.comment())
                                + "</span>").append("</li>");
            }
            html.append("</ul>");
            if (report.approval() != null && report.asApproved() != null) {
                html.append(approved(report.periodId(), report.approval(), report.asApproved(),
                        report.asCorrectedSince(), report.reopened(), report.changes(), true, report.changesComplete(),
                        fmt));
            }
            if (!report.earlierApprovals().isEmpty()) {
                html.append("<h5>").append(escape(fmt.message("reports.earlier"))).append("</h5><p>")
                        .append(escape(fmt.message("reports.earlierLead"))).append("</p>");
                for (PeriodReportView.EarlierApproval earlier : report.earlierApprovals()) {
                    if (earlier.asApproved() != null) {
                        html.append(approved(report.periodId() + "-" + earlier.approval().sequence(),
                                earlier.approval(), earlier.asApproved(), report.asCorrectedSince(),
                                earlier.reopened(), earlier.changes(), false, earlier.changesComplete(), fmt));
                    }
                }
            }
        }
        return html.toString();
    }

    /**
     * An approval (the report's last, or an earlier one when {@code last} is false): what it approved, its figures
     * beside the same figures today, its reopening and the changes flagged while it stood.
     */
    private static String approved(String key, PeriodReportView.Approval approval, PeriodFigures then,
                                   PeriodFigures now, PeriodReportView.Step reopened,
                                   List<PeriodReportView.Change> changes, boolean last, boolean complete,
                                   Formats fmt) {
        // Without whom (an event with no actor) the sentence leaves the approver out, as the project's page does.
        String approved = approval.by() == null || approval.by().subject() == null
                ? fmt.message("reports.approvedBySomeone", fmt.instant(approval.at()), approval.headSequence())
                : fmt.message("reports.approved", fmt.instant(approval.at()), approval.by().subject(),
                approval.headSequence());
        StringBuilder html = new StringBuilder("<p>").append(escape(approved))
                .append(" <code>").append(escape(approval.headHash())).append("</code></p>")
                .append(table("report-approved-" + key, fmt.message("reports.asApproved") + " / "
                        + fmt.message("reports.asCorrected"))).append("<thead><tr>");
        html.append("<th scope=\"col\">").append(escape(fmt.message("reports.figure"))).append("</th>");
        for (String side : List.of("reports.asApproved", "reports.asCorrected")) {
            for (String column : List.of("indicator.achieved", "indicator.cumulative")) {
                html.append("<th scope=\"col\">").append(escape(fmt.message(side))).append(": ")
                        .append(escape(fmt.message(column))).append("</th>");
            }
        }
        html.append("<th scope=\"col\">").append(escape(fmt.message("indicator.periodTarget"))).append("</th>")
                .append("<th scope=\"col\">").append(escape(fmt.message("indicator.projectTarget"))).append("</th>")
                .append("</tr></thead><tbody>");
        html.append(figureRow(fmt.message("reports.activities"), then.totals().activities(),
                now.totals().activities(), fmt));
        html.append(figureRow(fmt.message("reports.participants"), then.totals().participants().total(),
                now.totals().participants().total(), fmt));
        for (ApprovedBesideNow.Line line : ApprovedBesideNow.of(then, now)) {
            // The indicator's own breakdowns of the period, one row per part, under it: its values by place, in
            // its unit; the people it counted by category.
            String name = fmt.figure(line.name(), line.dimension(), line.category());
            html.append("<tr><td>").append(escape(name)).append("</td>")
                    .append(line.nothingApproved() ? missing(fmt) : cell(line.approved(), line.unit(), fmt))
                    .append(line.nothingApprovedByEnd() ? missing(fmt)
                            : cell(line.approvedCumulative(), line.unit(), fmt))
                    .append(line.nothingNow() ? missing(fmt) : cell(line.now(), line.unit(), fmt))
                    .append(line.nothingNowByEnd() ? missing(fmt) : cell(line.nowCumulative(), line.unit(), fmt))
                    // A target redefined since the approval shows as approved → today: the change it is flagged as.
                    .append(changedCell(line.periodTarget(), line.periodTargetNow(), line.unit(), fmt))
                    .append(changedCell(line.target(), line.targetNow(), line.unit(), fmt)).append("</tr>");
        }
        html.append("</tbody>").append(END_TABLE);
        if (reopened != null) {
            // Reopened, the period is no longer locked: what changes after this is not flagged, so "no change"
            // would be said of figures that differ from the approved ones. An earlier approval was approved again.
            String said = last ? "reports.reopened" : "reports.earlierReopened";
            html.append("<p>").append(escape(reopened.by() == null || reopened.by().subject() == null
                    ? fmt.message(said + "BySomeone", fmt.instant(reopened.at()), fmt.sentence(reopened.comment()))
                    : fmt.message(said, fmt.instant(reopened.at()), reopened.by().subject(),
                    fmt.sentence(reopened.comment())))).append("</p>");
        }
        html.append("<p>").append(escape(fmt.message(reopened == null ? "reports.changes"
                : "reports.changesUntilReopened"))).append(":</p>");
        if (!complete) {
            html.append("<p>").append(escape(fmt.message(last ? "reports.changesSinceCut" : "reports.changesCut")))
                    .append("</p>");
        }
        if (changes.isEmpty()) {
            if (!complete) {
                return html.toString();
            }
            return html.append("<p>").append(escape(fmt.message(reopened == null ? "reports.noChanges"
                    : "reports.noChangesUntilReopened"))).append("</p>").toString();
        }
        html.append("<ul>");
        for (PeriodReportView.Change change : changes) {
            html.append("<li>").append(escape(fmt.message("reports.change", change.changeSequence(),
                            fmt.change(change.kind(), change.itemId(), change.item()), change.reason())))
                    .append(", ").append(escape(fmt.instant(change.at()))).append(who(change.by(), fmt))
                    .append("</li>");
        }
        return html.append("</ul>").toString();
    }

    /** @param unit the figures' unit, or null for counts */
    /** A count of the period (its activities, its participants): approved and today, no cumulative, no target. */
    private static String figureRow(String name, Number approved, Number today, Formats fmt) {
        return "<tr><td>" + escape(name) + "</td>" + cell(approved, null, fmt) + cell(null, null, fmt)
                + cell(today, null, fmt) + cell(null, null, fmt) + cell(null, null, fmt) + cell(null, null, fmt)
                + "</tr>";
    }

    private static String changedCell(Number before, Number after, String unit, Formats fmt) {
        return "<td class=\"n\">" + escape(fmt.changed(before, after, unit)) + "</td>";
    }

    /** Nothing as a dash, so that a figure gone to 0 and one that has no value cannot be read as each other. */
    private static String cell(Number value, String unit, Formats fmt) {
        return "<td class=\"n\">" + (value == null ? "\u2014" : escape(fmt.measure(value, unit))) + "</td>";
    }

    /** A figure that a mean or latest value of nothing would give as 0: a dash, its reason read out and hovered. */
    private static String missing(Formats fmt) {
        String reason = escape(fmt.message("indicator.nothingMeasured"));
        return "<td class=\"n\" title=\"" + reason + "\"><span aria-hidden=\"true\">—</span><span class=\"vh\">"
                + reason + "</span></td>";
    }

    private static String who(PeriodReportView.By by, Formats fmt) {
        return by == null || by.subject() == null ? "" : ", " + escape(by.subject())
                + (by.role() == null ? "" : " (" + escape(fmt.label("role", by.role())) + ")");
    }

    /** Each indicator's unit, so a measured value reads with it ("45%", not a bare 45) in the reader's language. */
    private record Units(ProjectView project) {
        String of(Object indicatorId) {
            return project.indicators().stream().filter(i -> i.indicatorId().equals(indicatorId)).findFirst()
                    .map(i -> i.definition().unit()).orElse("");
        }

        /**
         * What a redefinition changed, before and after, as a correction says it ("Kits: target: 600 → 650;
         * targets by municipality: Vushtrri 200, ... → ..."): the definitions before and after it are the project's.
         */
        String redefined(long sequence, Object indicatorId, Formats fmt) {
            var indicator = project.indicators().stream().filter(i -> i.indicatorId().equals(indicatorId)).findFirst();
            if (indicator.isEmpty()) {
                return "";
            }
            IndicatorDefinition before = null;
            IndicatorDefinition after = null;
            for (var definition : indicator.get().definitions()) {
                if (definition.sequence() < sequence) {
                    before = definition.definition();
                } else if (definition.sequence() == sequence) {
                    after = definition.definition();
                }
            }
            if (before == null || after == null) {
                return indicator.get().definition().name();
            }
            String unit = after.unit();
            List<String> changes = new ArrayList<>();
            change(changes, fmt, "name", before.name(), after.name());
            change(changes, fmt, "target", fmt.measure(before.target(), unit), fmt.measure(after.target(), unit));
            java.util.function.Function<IndicatorDefinition, String> byPeriod = d -> String.join(", ", d.periodTargets()
                    .stream().map(t -> fmt.period(t.periodId()) + " " + fmt.measure(t.target(), unit)).toList());
            java.util.function.Function<IndicatorDefinition, String> byPlace = d -> String.join(", ",
                    d.municipalityTargets().stream()
                            .map(t -> fmt.place(t.municipality()) + " " + fmt.measure(t.target(), unit)).toList());
            change(changes, fmt, "periodTargets", byPeriod.apply(before), byPeriod.apply(after));
            change(changes, fmt, "dimensions", fmt.fact(before.dimensions()), fmt.fact(after.dimensions()));
            change(changes, fmt, "municipalityTargets", byPlace.apply(before), byPlace.apply(after));
            return before.name() + (changes.isEmpty() ? "" : ": " + String.join("; ", changes));
        }

        private static void change(List<String> changes, Formats fmt, String field, String before, String after) {
            if (!before.equals(after)) {
                changes.add(fmt.message("report.changed", fmt.field(field), before.isEmpty() ? "\u2014" : before,
                        after.isEmpty() ? "\u2014" : after));
            }
        }

        /**
         * What an amendment changed, one field a line, before → after ("title: Media clubs → Media literacy clubs"),
         * from the amendments the project keeps with both values; the event itself carries only the new ones.
         */
        List<String> amended(long sequence, Formats fmt) {
            var amendment = project.amendments().stream().filter(a -> a.sequence() == sequence).findFirst();
            if (amendment.isEmpty()) {
                return List.of();
            }
            List<String> changes = new ArrayList<>();
            amendment.get().changes().forEach((field, change) -> change(changes, fmt, field,
                    fmt.detail(field, change.before()), fmt.detail(field, change.after())));
            return changes;
        }

        String name(Object indicatorId) {
            return project.indicators().stream().filter(i -> i.indicatorId().equals(indicatorId)).findFirst()
                    .map(i -> i.definition().name()).orElse(String.valueOf(indicatorId));
        }
    }

    private static String row(HistoryEntry entry, Formats fmt, Units units) {
        Map<String, Object> data = entry.data();
        var actor = entry.actor();
        String by = actor == null || actor.subject() == null ? "" : escape(actor.subject())
                + (actor.role() == null ? "" : " (" + escape(fmt.label("role", actor.role())) + ")");
        return "<tr><td class=\"n\">" + entry.sequence() + "</td><td>" + escape(fmt.instant(entry.time()))
                + "</td><td>" + escape(fmt.date(EventChain.occurredAt(data))) + "</td><td>"
                + escape(fmt.event(entry.type())) + "</td><td>" + by
                + "</td><td>" + what(entry, fmt, units) + "</td></tr>";
    }

    /**
     * The words a reader needs: the period a report's step is of and its comment, a reason, a measured value with
     * its unit, the activity's title and head count, or what a correction changed in which activity or measurement.
     */
    private static String what(HistoryEntry entry, Formats fmt, Units units) {
        Map<String, Object> data = entry.data();
        StringBuilder what = new StringBuilder();
        if (data.get("periodId") instanceof String period) {
            what.append(escape(fmt.message("report.period", fmt.period(period))));
        }
        if (data.get("periodIds") instanceof Collection<?> periods) {
            what.append(escape(fmt.message(periods.size() == 1 ? "report.period" : "report.periods", String.join(", ",
                    periods.stream().map(p -> fmt.period(String.valueOf(p))).toList()))));
        }
        if (data.get("changeType") instanceof String kind && data.get("itemId") instanceof String item) {
            what.append(". ").append(escape(fmt.change(kind, item)));
        }
        boolean amended = String.valueOf(entry.type()).contains("project-details-amended");
        if (amended) {
            // Each change on its line and the reason on its own below them, not after the last as a stray sentence.
            List<String> changes = units.amended(entry.sequence(), fmt);
            return (changes.isEmpty() ? "" : list(changes)) + (data.get("reason") == null ? ""
                    : "<p>" + escape(fmt.message("report.reason", data.get("reason"))) + "</p>");
        }
        if (entry.activityBefore() != null) {
            what.append(changed(entry, fmt, units));
        } else if (String.valueOf(entry.type()).contains("indicator-redefined")) {
            what.append(escape(units.redefined(entry.sequence(), data.get("indicatorId"), fmt)));
        } else if (data.get("value") instanceof Number value && data.get("measurementId") != null) {
            what.append(escape(fmt.message("report.measured", units.name(data.get("indicatorId")),
                    fmt.measure(value, units.of(data.get("indicatorId"))))));
        } else if (data.get("title") != null || data.get("name") != null) {
            what.append(escape(data.get("title") != null ? data.get("title") : data.get("name")));
        }
        if (data.get("participants") instanceof Map<?, ?> people && people.get("total") instanceof Number total) {
            what.append(" (").append(escape(fmt.message("report.participants", total, fmt.number(total))))
                    .append(")");
        }
        if (data.get("municipality") instanceof String place && entry.activityBefore() == null) {
            what.append(what.isEmpty() ? "" : ", ").append(escape(fmt.place(place)));
        }
        if (data.get("municipalities") instanceof Collection<?> places) {
            what.append(list(places.stream().map(place -> fmt.place(String.valueOf(place))).toList()));
        }
        if (data.get("comment") instanceof String comment && !comment.isBlank()) {
            what.append(what.isEmpty() ? "" : ". ").append(escape(fmt.message("report.comment", comment)));
        }
        if (data.get("reason") != null) {
            what.append(what.isEmpty() ? "" : ". ").append(escape(fmt.message("report.reason", data.get("reason"))));
        }
        return what.toString();
    }

    /**
     * The activity or measurement a correction or retraction is of, by its id and title (or indicator), and for a
     * correction each field it changed, before and after, as the project's page shows them.
     */
    private static String changed(HistoryEntry entry, Formats fmt, Units units) {
        Map<String, Object> data = entry.data();
        Map<String, Object> before = entry.activityBefore();
        Map<String, Object> after;
        String named;
        if (data.get("measurementId") != null) {
            named = fmt.message("report.measurement", data.get("measurementId"), units.name(data.get("indicatorId")));
            after = data.containsKey("value") ? measurementFacts(data) : null;
        } else {
            Map<String, Object> corrected = HistoryEntryView.correctedActivity(data);
            after = corrected;
            Object title = (corrected != null ? corrected : before).get("title");
            if (title == null) {
                title = (corrected != null ? corrected : before).get("name");
            }
            named = title == null ? fmt.message("report.activity", data.get("activityId"))
                    : fmt.message("report.activityTitled", data.get("activityId"), title);
        }
        StringBuilder html = new StringBuilder(escape(named));
        if (after != null) {
            String unit = data.get("measurementId") != null ? units.of(data.get("indicatorId")) : null;
            List<String> changes = Timeline.changes(before, after).stream()
                    .map(change -> fmt.message("report.changed", fmt.field(change.field()),
                            value(change.field(), change.before(), unit, fmt),
                            value(change.field(), change.after(), unit, fmt)))
                    .toList();
            html.append(changes.isEmpty() ? "" : ": " + escape(String.join("; ", changes)));
        }
        return html.toString();
    }

    /** A measurement's facts as its correction states them, to compare with those it stated before. */
    private static Map<String, Object> measurementFacts(Map<String, Object> data) {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        for (String field : List.of("measuredOn", "value", "municipality", "breakdown", "source")) {
            facts.put(field, field.equals("value") && data.get(field) instanceof Number n ? n.doubleValue()
                    : data.get(field));
        }
        return facts;
    }

    /** A value as the page writes it; a measured value with its indicator's unit; nothing as "—". */
    private static String value(String field, Object value, String unit, Formats fmt) {
        if (value == null) {
            return "\u2014";
        }
        return unit != null && field.equals("value") && value instanceof Number number ? fmt.measure(number, unit)
                : fmt.fact(field, value);
    }

    private static final String END_TABLE = "</table></div>";

    /**
     * A table's start: its own scrolling region, named by its caption, which the keyboard can reach to scroll it.
     * Closed by {@link #END_TABLE}.
     */
    private static String table(String id, String caption) {
        String captionId = escape(id);
        return "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"" + captionId
                + "\"><table><caption id=\"" + captionId + "\">" + escape(caption) + "</caption>";
    }

    private static String term(String name, String valueHtml) {
        return "<dt>" + escape(name) + "</dt><dd>" + valueHtml + "</dd>";
    }

    private static String list(Collection<?> values) {
        StringBuilder html = new StringBuilder("<ul>");
        values.forEach(v -> html.append("<li>").append(escape(v)).append("</li>"));
        return html.append("</ul>").toString();
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

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
