package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kronika.events.CloudEventHeaders;
import org.kronika.infra.embedded.LocalTokens;
import org.kronika.infra.embedded.Ports;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards in a real browser, as people use them after {@code ./run-local}: each demo user signs in at the
 * local authorization server, every number on a page equals the API's for the same role, a figure traces to its
 * events and their place in the hash chain, the language switches, a new event arrives without a reload, and
 * every page passes axe-core with no serious or critical violation. Screenshots of each page go to
 * {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final List<String> SEED_PROJECTS = List.of("komf-child-protection", "balkan-forum-tokeqark",
            "odk-digital-agenda", "nopm-local-governance", "klgi-cso-incubator", "kec-media-clubs",
            "diaspora-policy-agora", "stories-we-tell", "bgf-decarbonisation", "cgj-tirana-gbv-response");
    /** Each demo user, and the demo client whose token the API is asked with for the same view. */
    private static final Map<String, String> USERS = Map.of("admin", "admin-demo", "officer", "officer-demo",
            "auditor", "auditor-demo", "partner", "partner-demo", "recorder", "recorder-kec");
    private static final String CORRECTED = "cgj-tirana-gbv-response";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final WorkDirectory work = new WorkDirectory("kronika-browser");

    private static LocalKronika kronika;
    private static LocalTokens tokens;
    private static String dashboards;

    @BeforeAll
    static void start() throws Exception {
        Browser.requireInstalled();
        kronika = new LocalKronika(new Settings(work.path(),
                Optional.empty(), Ports.free(), Optional.empty(), "postgres", "postgres", Ports.free(),
                Optional.empty(), Ports.free(), Optional.empty(), Optional.empty(), Ports.free(),
                Ports.free(), Ports.free(), Path.of(System.getProperty("kronika.auth-server.jar")),
                Path.of(System.getProperty("kronika.command-service.jar")),
                Path.of(System.getProperty("kronika.query-service.jar")), true)).start();
        tokens = new LocalTokens(kronika.authServerUrl());
        dashboards = kronika.queryServiceUrl();
        // The demo data is loaded; wait until all of it is projected.
        await().atMost(Duration.ofSeconds(120)).until(() -> SEED_PROJECTS.stream().allMatch(id -> {
            JsonNode project = api("auditor-demo", "/api/projects/" + id);
            return project != null && project.path("version").asLong() >= 0;
        }) && api("auditor-demo", "/api/portfolio").at("/totals/activities").asLong()
                == api("auditor-demo", "/api/projects?size=200").findValues("activities").stream()
                .mapToLong(JsonNode::asLong).sum());
    }

    @AfterAll
    static void stop() {
        if (kronika != null) {
            kronika.close();
        }
    }

    @Test
    @Order(1)
    void everyRoleSignsInAndSeesTheApisFiguresForItsProjects() throws Exception {
        for (var user : USERS.entrySet()) {
            String role = user.getKey();
            String client = user.getValue();
            try (Browser browser = Browser.open(1280, 900, "en")) {
                browser.signIn(dashboards, role);
                assertThat(browser.find("[data-viewer]").getAttribute("data-role")).isEqualTo(role);

                JsonNode portfolio = api(client, "/api/portfolio");
                assertThat(browser.find("[data-scope]").getAttribute("data-value")).isEqualTo(portfolio.path("scope").asText());
                assertThat(browser.value("[data-figure=projects]")).as(role).isEqualTo(portfolio.path("projects").asDouble());
                assertThat(browser.value("[data-figure=activities]")).as(role).isEqualTo(portfolio.at("/totals/activities").asDouble());
                assertThat(browser.value("[data-figure=participants]")).as(role)
                        .isEqualTo(portfolio.at("/totals/participants/total").asDouble());
                portfolio.at("/totals/participants/bySex").fields().forEachRemaining(sex -> assertThat(
                        browser.value("[data-breakdown=sex] [data-key='" + sex.getKey() + "'] [data-column=participants]"))
                        .as(role + " " + sex.getKey()).isEqualTo(sex.getValue().asDouble()));
                for (JsonNode period : portfolio.path("byPeriod")) {
                    var cells = browser.all("[data-breakdown=period] [data-key='" + period.path("periodId").asText()
                            + "'] [data-column=activities]");
                    long activities = period.at("/tally/activities").asLong();
                    assertThat(cells.isEmpty() ? 0 : Double.parseDouble(cells.get(0).getAttribute("data-value")))
                            .as(role + " in " + period.path("periodId").asText()).isEqualTo(activities);
                }

                Set<String> shown = new HashSet<>();
                browser.all("[data-projects] [data-project]").forEach(row -> shown.add(row.getAttribute("data-project")));
                Set<String> visible = new HashSet<>();
                JsonNode list = api(client, "/api/projects?size=20");
                list.path("items").forEach(p -> visible.add(p.path("projectId").asText()));
                assertThat(shown).as(role + ": the projects of the first page").isEqualTo(visible);
                for (JsonNode project : list.path("items")) {
                    String row = "[data-projects] [data-project='" + project.path("projectId").asText() + "'] ";
                    assertThat(browser.value(row + "[data-column=participants]")).isEqualTo(project.path("participants").asDouble());
                    for (JsonNode indicator : project.path("indicators")) {
                        WebElement item = browser.find(row + "[data-indicator='" + indicator.path("indicatorId").asText() + "']");
                        assertThat(Double.parseDouble(item.getAttribute("data-achieved"))).isEqualTo(indicator.path("achieved").asDouble());
                        assertThat(Double.parseDouble(item.getAttribute("data-target"))).isEqualTo(indicator.path("target").asDouble());
                    }
                }
                if (role.equals("recorder")) {
                    assertThat(shown).as("a recorder sees its own organisation's projects only").containsOnly("kec-media-clubs");
                } else {
                    assertThat(shown).as(role + " sees every seed project").containsAll(SEED_PROJECTS);
                }
                browser.checkPage("portfolio-" + role);

                browser.find("form[action$='/logout'] button").click();
                browser.until(Duration.ofSeconds(30), () -> browser.driver().getCurrentUrl()
                        .endsWith("/dashboard/signed-out"));
                if (role.equals("auditor")) {
                    browser.checkPage("signed-out");
                }
            }
        }
    }

    @Test
    @Order(2)
    void aProjectPageShowsTheApisFiguresAndTracesThemToTheirEventsAndTheChain() throws Exception {
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "auditor");
            browser.get(dashboards + "/dashboard/projects/" + CORRECTED);
            JsonNode project = api("auditor-demo", "/api/projects/" + CORRECTED);
            assertThat(browser.value("[data-figure=activities]")).isEqualTo(project.at("/totals/activities").asDouble());
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(project.at("/totals/participants/total").asDouble());
            assertThat(browser.value("[data-figure=corrected]")).isEqualTo(project.at("/totals/corrected").asDouble());
            for (JsonNode indicator : project.path("indicators")) {
                String panel = "section[data-indicator='" + indicator.path("indicatorId").asText() + "'] ";
                // A mean or latest value of nothing is no figure: the page says "nothing measured" for the API's 0.
                boolean added = "sum".equals(indicator.at("/definition/aggregation").asText());
                achieved(browser, panel + "[data-field=achieved]", indicator.at("/progress/achieved").asDouble(),
                        added || indicator.at("/progress/contributions").asLong() > 0);
                assertThat(browser.value(panel + "[data-field=target]")).isEqualTo(indicator.at("/progress/target").asDouble());
                for (JsonNode period : indicator.at("/progress/byPeriod")) {
                    achieved(browser, panel + "[data-key='" + period.path("periodId").asText()
                            + "'] [data-column=achieved]", period.path("achieved").asDouble(),
                            added || period.path("contributions").asLong() > 0);
                }
            }
            JsonNode verification = api("auditor-demo", "/api/projects/" + CORRECTED + "/verification");
            assertThat(browser.find("[data-verified]").getAttribute("data-value")).isEqualTo("true");
            assertThat(browser.find("[data-head-hash]").getText()).isEqualTo(verification.path("headHash").asText());
            // The Tirana training was recorded with 20 participants, then corrected to 18: both are on the page.
            WebElement change = browser.find("[data-correction] [data-field='participants.total']");
            assertThat(change.findElement(By.cssSelector("[data-before]")).getText()).isEqualTo("20");
            assertThat(change.findElement(By.cssSelector("[data-after]")).getText()).isEqualTo("18");
            assertThat(browser.find("[data-correction] [data-reason]").getText()).isNotBlank();
            assertThat(browser.all("[data-chart]")).isNotEmpty();
            assertThat(browser.all(".plot canvas")).as("charts drawn by the charting library").isNotEmpty();
            assertThat(browser.script("return [...document.querySelectorAll('figure.chart')].filter(f => f.hidden"
                    + " || !f.querySelector('canvas')).length")).as("charts served hidden, each shown as drawn")
                    .isEqualTo(0L);
            // A legend names its series and shows no value: with the cursor off a chart its value is empty or "--",
            // which reads as nothing measured (the table beside has each value).
            assertThat(browser.script("return document.querySelectorAll('.u-legend .u-series').length")).as("legends")
                    .isNotEqualTo(0L);
            assertThat(browser.script("return [...document.querySelectorAll('.u-legend .u-value')].map(v => v.textContent)"))
                    .as("values in the charts' legends").asList().isEmpty();
            browser.checkPage("project");
            // Each landmark its own name too (a moderate violation): every indicator has its own "Participants by
            // sex", and a screen reader's list of regions has to tell them apart.
            assertThat(project.path("indicators")).as("a project page with indicators").isNotEmpty();
            assertThat(browser.allViolations()).as("axe-core, all impacts, on the project page").isEmpty();

            // A figure leads to the facts it adds up, and each fact to its events.
            browser.find("[data-figure=participants] a").click();
            JsonNode trace = api("auditor-demo", "/api/projects/" + CORRECTED + "/trace");
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(trace.path("participants").asDouble())
                    .isEqualTo(project.at("/totals/participants/total").asDouble());
            assertThat(browser.all("[data-trace] [data-item]")).hasSize(trace.path("items").size());
            browser.checkPage("trace");
            WebElement lastEvent = browser.all("[data-trace] a[data-event]").get(browser.all("[data-trace] a[data-event]").size() - 1);
            long sequence = Long.parseLong(lastEvent.getText().substring(1));
            lastEvent.click();
            JsonNode entry = api("auditor-demo", "/api/projects/" + CORRECTED + "/history?limit=1"
                    + (sequence > 0 ? "&after=" + (sequence - 1) : "")).path("entries").get(0);
            assertThat(browser.find("[data-hash]").getText()).isEqualTo(entry.path("hash").asText());
            assertThat(browser.find("[data-prev-hash]").getText()).isEqualTo(entry.path("prevHash").asText());
            assertThat(browser.find("[data-linked]").getAttribute("data-value")).isEqualTo("true");
            browser.checkPage("history-entry");

            browser.get(dashboards + "/dashboard/projects/" + CORRECTED + "/report.html");
            assertThat(browser.driver().getPageSource()).contains(verification.path("headHash").asText());
            assertThat(browser.script("return getComputedStyle(document.querySelector('td')).borderTopStyle"))
                    .as("the report's own styles apply under the dashboards' content security policy")
                    .isEqualTo("solid");
            browser.checkPage("audit-report");
            browser.media("print");
            assertThat(browser.script("return [...document.querySelectorAll('.table-wrap')].every(region =>"
                    + " getComputedStyle(region).overflowX === 'visible')"))
                    .as("on paper no table scrolls, so none is cut off").isEqualTo(true);
            browser.media("");
        }
    }

    @Test
    @Order(3)
    void aProgrammeFigureTracesToItsProjectsAndAMunicipalityShowsWhatTheyDidThere() throws Exception {
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            double female = browser.value("[data-breakdown=sex] [data-key=female] [data-column=participants]");
            browser.find("[data-breakdown=sex] [data-key=female] [data-column=participants] a").click();
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(female);
            double sum = browser.all("[data-trace] [data-project] [data-column=participants]").stream()
                    .mapToDouble(cell -> Double.parseDouble(cell.getAttribute("data-value"))).sum();
            assertThat(sum).isEqualTo(female);
            browser.checkPage("programme-trace");
            WebElement line = browser.all("[data-trace] [data-project]").get(0);
            double theirs = Double.parseDouble(line.findElement(By.cssSelector("[data-column=participants]")).getAttribute("data-value"));
            line.findElement(By.cssSelector("a[data-trace-link]")).click();
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(theirs);

            browser.get(dashboards + "/dashboard");
            browser.find("[data-breakdown=municipality] [data-key=Ferizaj] th a").click();
            // The dashboard's page of 20 projects, as the API's page of the same size ranks them.
            JsonNode municipality = api("officer-demo", "/api/municipalities/Ferizaj?size=20");
            assertThat(browser.value("[data-figure=activities]")).isEqualTo(municipality.at("/totals/activities").asDouble());
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(municipality.at("/totals/participants/total").asDouble());
            JsonNode ranked = municipality.at("/ranking/items");
            assertThat(ranked).as("Ferizaj's projects").isNotEmpty();
            for (JsonNode project : ranked) {
                String row = "[data-projects] [data-project='" + project.path("projectId").asText() + "'] ";
                assertThat(browser.value(row + "[data-column=activities]")).isEqualTo(project.path("activities").asDouble());
                assertThat(browser.value(row + "[data-column=participants]")).isEqualTo(project.path("participants").asDouble());
                assertThat(browser.find(row + "[data-column=status]").getAttribute("data-value"))
                        .isEqualTo(project.path("status").asText());
                assertThat(browser.value(row + "[data-column=overdueReports]"))
                        .isEqualTo(project.path("overdueReports").asDouble());
            }
            browser.checkPage("municipality");
        }
    }

    @Test
    @Order(4)
    void theBrowsersLanguageIsTheDefaultAndEnglishIsOneClickAway() throws Exception {
        try (Browser browser = Browser.open(1280, 900, "sq")) {
            browser.signIn(dashboards, "auditor");
            long participants = api("auditor-demo", "/api/portfolio").at("/totals/participants/total").asLong();
            assertThat(browser.find("html").getAttribute("lang")).isEqualTo("sq");
            assertThat(browser.find("h1").getText()).isEqualTo("Portofoli i programit");
            assertThat(browser.find("[data-figure=participants]").getText())
                    .isEqualTo(shown(participants, Locale.forLanguageTag("sq")));
            // A chart's numbers (its axis, its legend) are written as the page's tables write them, whatever
            // Albanian data the browser has (this Chromium has none, and its Intl wrote "2,636.5").
            assertThat(chartNumber(browser, 2636.5))
                    .isEqualTo(java.text.NumberFormat.getNumberInstance(Locale.forLanguageTag("sq")).format(2636.5));
            browser.checkPage("portfolio-sq");
            browser.get(dashboards + "/dashboard/projects/" + CORRECTED);
            browser.checkPage("project-sq");

            browser.find("button[name=lang][value=en]").click();
            browser.until(Duration.ofSeconds(10), () -> "en".equals(browser.find("html").getAttribute("lang")));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/projects/" + CORRECTED);
            assertThat(browser.find("#totals-title").getText()).isEqualTo("What the project did");
            browser.get(dashboards + "/dashboard");
            assertThat(browser.find("[data-figure=participants]").getText())
                    .isEqualTo(shown(participants, Locale.ENGLISH));
            assertThat(chartNumber(browser, 2636.5)).isEqualTo("2,636.5");

            // Signed out, the page's switch asks by GET, as no session holds a CSRF token for it, and still switches.
            browser.find("form[action$='/logout'] button").click();
            browser.until(Duration.ofSeconds(30), () -> browser.driver().getCurrentUrl()
                    .endsWith("/dashboard/signed-out"));
            assertThat(browser.find("form[aria-label='Change language']").getAttribute("method")).isEqualTo("get");
            browser.find("button[name=lang][value=sq]").click();
            browser.until(Duration.ofSeconds(10), () -> "sq".equals(browser.find("html").getAttribute("lang")));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/signed-out");
            assertThat(browser.find("h1").getText()).isEqualTo("Keni dalë");
            browser.checkPage("signed-out-sq");
        }
    }

    /** A number as the page's first chart writes it (its axes and legend share one format), once the chart is drawn. */
    private static Object chartNumber(Browser browser, double value) {
        String chart = "var chart = document.querySelector('[data-chart]');";
        browser.until(Duration.ofSeconds(10), () -> browser.script(chart + " return !!(chart && chart.uplot)")
                .equals(true));
        return browser.script(chart + " return chart.uplot.series[1].value(chart.uplot, arguments[0]);", value);
    }

    @Test
    @Order(5)
    void onAPhoneEveryPageFitsAndTheKeyboardReachesTheContentFirst() {
        try (Browser browser = Browser.open(360, 740, "en")) {
            browser.signIn(dashboards, "auditor");
            browser.find("body").sendKeys(Keys.TAB);
            assertThat(browser.script("return document.activeElement.className")).isEqualTo("skip");
            for (var page : Map.of("portfolio-360", "/dashboard", "project-360", "/dashboard/projects/" + CORRECTED,
                    "municipality-360", "/dashboard/municipalities/Ferizaj",
                    "audit-report-360", "/dashboard/projects/" + CORRECTED + "/report.html").entrySet()) {
                browser.get(dashboards + page.getValue());
                assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
                        .as(page.getKey() + " is no wider than the phone").isLessThanOrEqualTo(360);
                // A wide table scrolls inside its region, but what its caption says is read without scrolling.
                assertThat((List<?>) browser.script("""
                        return [...document.querySelectorAll('caption')].filter(c => {
                          var text = document.createRange(); text.selectNodeContents(c);
                          return text.getBoundingClientRect().right > window.innerWidth; }).map(c => c.textContent.trim());"""))
                        .as(page.getKey() + "'s captions that run past the phone's width").isEmpty();
                browser.checkPage(page.getKey());
            }
        }
    }

    @Test
    @Order(6)
    void nobodySeesMoreThanTheirRoleAllows() {
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "recorder");
            browser.get(dashboards + "/dashboard/projects/komf-child-protection");
            assertThat(browser.find("[data-status]").getAttribute("data-value")).isEqualTo("403");
            browser.checkPage("forbidden");
        }
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "partner");
            browser.get(dashboards + "/dashboard/projects/" + CORRECTED);
            assertThat(browser.all("#chain")).as("no chain, history or exports for partners").isEmpty();
            assertThat(browser.all("a[href*='/history/']")).isEmpty();
            browser.get(dashboards + "/dashboard/projects/" + CORRECTED + "/history/0");
            assertThat(browser.find("[data-status]").getAttribute("data-value")).isEqualTo("403");
            assertThat(browser.all("[data-hash]")).isEmpty();
            assertThat(browser.all("a.skip")).as("the refusal's page has the whole layout").hasSize(1);
            browser.checkPage("forbidden-partner");
        }
    }

    @Test
    @Order(7)
    void aNewEventAppearsOnAnOpenProjectPageWithoutAReload() throws Exception {
        String projectId = kecProject("live", "Live dashboard check", "2024-01-01", "2025-12-31");
        await().atMost(Duration.ofSeconds(30)).until(() -> api("recorder-kec", "/api/projects/" + projectId) != null);
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "recorder");
            // The stream refused with a server's error (a read-store blip, a proxy during a rollout) is no ended
            // sign-in: the page says it is retrying, tries again ever more slowly, and follows once it is back.
            AtomicBoolean failing = new AtomicBoolean(true);
            AtomicInteger refused = browser.answer("*/dashboard/projects/" + projectId + "/live", 503, failing::get);
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            browser.until(Duration.ofSeconds(30), () -> refused.get() >= 2);
            assertThat(browser.find("#live-status").getAttribute("data-live")).isEqualTo("retrying");
            assertThat(browser.find("#live-status").getText()).contains("trying to reconnect");
            failing.set(false);
            browser.until(Duration.ofSeconds(30), () ->
                    "connected".equals(browser.find("#live-status").getAttribute("data-live")));
            assertThat(browser.consoleErrors()).as("the console shows the refusals this test made, and nothing else")
                    .isNotEmpty().allMatch(error -> error.contains("/live - Failed to load resource: the server "
                            + "responded with a status of 503"));
            assertThat(browser.find("#live-status").getText()).startsWith("Live");
            assertThat(browser.value("[data-figure=activities]")).isZero();
            browser.script("window.kronikaSamePage = true;");
            // What the status line says, and whether a screen reader reads it out, at each change.
            browser.script("window.kronikaSaid = []; var line = document.getElementById('live-status');"
                    + " new MutationObserver(function () { window.kronikaSaid.push({ at: Date.now(),"
                    + " readOut: line.getAttribute('aria-live') !== 'off', text: line.textContent }); })"
                    + ".observe(line, { childList: true, characterData: true, subtree: true });");
            assertThat(browser.script("var region = document.querySelector('[data-live-region] [tabindex=\"0\"]');"
                    + " if (region) { region.focus(); } return document.activeElement === region"))
                    .as("a keyboard user is on a table of a live region").isEqualTo(true);

            assertThat(command("recorder-kec", "/api/projects/" + projectId + "/activities/training-delivered",
                    Map.of("activityId", "live-training", "title", "Training that arrives live",
                            "occurredOn", "2024-10-03", "municipality", "Ferizaj", "sessions", 1,
                            "participants", Map.of("total", 12, "bySex", Map.of("female", 7, "male", 5))))).isEqualTo(201);

            browser.until(Duration.ofSeconds(30), () -> !browser.all("[data-timeline] [data-activity=live-training]").isEmpty());
            assertThat(browser.value("[data-figure=activities]")).isEqualTo(1);
            assertThat(browser.value("[data-figure=participants]")).isEqualTo(12);
            assertThat(browser.script("return window.kronikaSamePage === true")).as("no reload").isEqualTo(true);
            assertThat(browser.script("return document.activeElement !== document.body"
                    + " && document.activeElement.closest('[data-live-region]') !== null"))
                    .as("the update kept the keyboard user's place").isEqualTo(true);
            assertThat(browser.find("#live-status").getText()).contains("2");
            browser.checkPage("project-live");

            // Amended while the page is open: its title, its details and the amendment itself, without a reload.
            assertThat(command("admin-demo", "/api/projects/" + projectId + "/amendments", Map.of("title",
                    "Live dashboard check, amended", "municipalities", List.of("Ferizaj", "Gjilan"),
                    "reason", "A second municipality joined"))).isEqualTo(200);
            browser.until(Duration.ofSeconds(30), () ->
                    !browser.all("[data-amendments] [data-field=title]").isEmpty());
            assertThat(browser.find("#project-title").getText()).isEqualTo("Live dashboard check, amended");
            assertThat(browser.driver().getTitle()).as("the tab's title too").startsWith("Live dashboard check, amended");
            assertThat(browser.find("#details").getText()).contains("Gjilan");
            assertThat(browser.find("[data-amendments] [data-field=title] [data-before]").getText())
                    .isEqualTo("Live dashboard check");
            assertThat(browser.find("[data-amendments] [data-field=municipalities] [data-after]").getText())
                    .isEqualTo("Ferizaj (Kosovo), Gjilan (Kosovo)");
            assertThat(browser.find("[data-amendments]").getText()).contains("Reason: A second municipality joined");
            assertThat(browser.script("return window.kronikaSamePage === true")).as("no reload").isEqualTo(true);
            browser.checkPage("project-amended");
            // Each update shows at once; a screen reader reads out one in 20 s, and the latest once that time ends.
            browser.until(Duration.ofSeconds(30), () -> Boolean.TRUE.equals(browser.script("var said ="
                    + " window.kronikaSaid; var last = said[said.length - 1];"
                    + " return last.readOut && last.text.indexOf('3 events') >= 0")));
            assertThat(browser.script("var times = window.kronikaSaid.filter(function (said) {"
                    + " return said.readOut && said.text.indexOf('Updated') === 0; }).map(function (said) {"
                    + " return said.at; }); for (var i = 1; i < times.length; i++) {"
                    + " if (times[i] - times[i - 1] < 19000) { return times; } } return times.length"))
                    .as("updates read out, at least 20 s apart (or the times that were not)").isEqualTo(2L);

            // Signed out elsewhere (another tab, say): at the project's next event the stream ends, its reconnects
            // are refused, and the page says so instead of "Live".
            signOut("KRONIKA_SESSION=" + browser.driver().manage().getCookieNamed("KRONIKA_SESSION").getValue());
            assertThat(command("recorder-kec", "/api/projects/" + projectId + "/activities/training-delivered",
                    Map.of("activityId", "after-sign-out", "title", "Training after the page's sign-in ended",
                            "occurredOn", "2024-10-04", "municipality", "Ferizaj", "sessions", 1,
                            "participants", Map.of("total", 3)))).isEqualTo(201);
            browser.until(Duration.ofSeconds(30), () ->
                    "stopped".equals(browser.find("#live-status").getAttribute("data-live")));
            assertThat(browser.find("#live-status").getText()).contains("Reload the page to sign in again");
            assertThat(browser.all("[data-timeline] [data-activity=after-sign-out]")).isEmpty();
        }

        // The recorder submits the quarter, an officer approves it: the page shows it approved, with its figures.
        String quarter = "/api/projects/" + projectId + "/periods/2024-Q4";
        assertThat(command("recorder-kec", quarter + "/submissions", Map.of("comment", "Our fourth quarter")))
                .isEqualTo(200);
        // The officer approves the version of the figures the submitted report shows.
        JsonNode submitted = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", quarter),
                report -> report != null && "submitted".equals(report.path("status").asText()));
        // The officer finds it among the reports waiting for review and reads its figures as they stand, with the
        // version an approval of exactly them names.
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/reports");
            browser.checkPage("reports");
            browser.find("[data-reports] [data-project='" + projectId + "'][data-period='2024-Q4'] a").click();
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/projects/" + projectId
                    + "#period-2024-Q4");
            assertThat(browser.find("[data-period='2024-Q4'] [data-standing] caption").getText())
                    .endsWith("(If-Match: \"" + submitted.path("version").asLong() + "\")");
            assertThat(browser.all("[data-period='2024-Q4'] [data-standing] tbody tr")).hasSizeGreaterThan(1);
            browser.checkPage("project-period-submitted");

            // The form takes as long a comment as the command service does, and no longer: its maxlength is the
            // bound the command API documents for an approval's comment (the query side keeps its own copy).
            assertThat(browser.find("[data-period='2024-Q4'] [data-review] textarea").getAttribute("maxlength"))
                    .isEqualTo(approvalsCommentBound());

            // A return says what to change: the browser does not send one without a comment, and stays on the
            // page; an approval, which needs none, is not held back by that check.
            browser.find("[data-period='2024-Q4'] [data-review] [data-return]").click();
            assertThat(browser.script("return arguments[0].validity.valueMissing", browser.find(
                    "[data-period='2024-Q4'] [data-review] textarea"))).isEqualTo(true);
            assertThat(browser.all("[data-review-outcome]")).as("nothing sent").isEmpty();
            assertThat(browser.script("return arguments[0].formNoValidate", browser.find(
                    "[data-period='2024-Q4'] [data-review] [data-approve]"))).isEqualTo(true);

            // And approves them there, as themselves: the command service records the approval under the person
            // signed in, for the version the page showed. Two paragraphs and an address of a shared drive longer
            // than a phone is wide.
            browser.find("[data-period='2024-Q4'] [data-review] textarea").sendKeys(
                    "Fine.\nSheets: https://drive.example/" + "ë".repeat(300));
            // The page the form was sent from follows the approval it records, and refreshes the very address the
            // form's redirect leads to: the refresh answered first, the officer still lands on what became of it.
            BooleanSupplier refreshedFirst = browser.holdNextLoadUntilRefreshed("/dashboard/projects/" + projectId,
                    Duration.ofSeconds(25));
            browser.find("[data-period='2024-Q4'] [data-review] [data-approve]").click();
            browser.until(Duration.ofSeconds(45), () -> !browser.all("[data-review-outcome]").isEmpty());
            assertThat(refreshedFirst.getAsBoolean()).as("the open page's refresh answered before the landing")
                    .isTrue();
            assertThat(browser.find("[data-review-outcome]").getAttribute("data-value")).as(browser.find(
                    "[data-review-outcome]").getText()).isEqualTo("accepted");
            browser.checkPage("project-period-reviewed");
        }
        JsonNode approved = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", quarter),
                report -> report != null && "approved".equals(report.path("status").asText()));
        assertThat(approved.at("/approval/headSequence").asLong()).as("the version the officer reviewed")
                .isEqualTo(submitted.path("version").asLong());
        assertThat(approved.at("/approval/by/role").asText()).isEqualTo("officer");
        assertThat(approved.at("/approval/by/subject").asText()).as("the person, not a client")
                .isNotEqualTo("officer-demo").isNotBlank();
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            WebElement status = browser.find("[data-period='2024-Q4'] [data-period-status]");
            assertThat(status.getAttribute("data-value")).isEqualTo("approved");
            assertThat(status.getText()).isEqualTo("approved");
            assertThat(browser.all("[data-period='2024-Q4'] [data-as-approved] tbody tr")).hasSizeGreaterThan(1);
            browser.checkPage("project-period-approved");
        }
        try (Browser browser = Browser.open(360, 740, "en")) {
            browser.signIn(dashboards, "officer");
            for (String page : List.of("/dashboard/projects/" + projectId, "/dashboard/projects/" + projectId
                    + "/report.html")) {
                browser.get(dashboards + page);
                assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
                        .as(page + " with a long comment is no wider than the phone").isLessThanOrEqualTo(360);
                assertThat(browser.script("return [...document.querySelectorAll('.said')].map(e => e.innerText)"
                        + ".find(t => t.startsWith('Fine.'))")).as(page + ": the comment's paragraphs")
                        .asString().startsWith("Fine.\nSheets:");
            }
        }
        // A partner sees the report's status and figures, but neither who approved it nor links into a history
        // that would refuse them.
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "partner");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            String period = "[data-period='2024-Q4'] ";
            assertThat(browser.find(period + "[data-period-status]").getAttribute("data-value")).isEqualTo("approved");
            assertThat(browser.all(period + "[data-as-approved] tbody tr")).hasSizeGreaterThan(1);
            assertThat(browser.all("a[href*='/history/']")).isEmpty();
            assertThat(browser.find(period).getText()).doesNotContain("officer-demo").doesNotContain(" by ;");
        }

        // Reopened by an admin, submitted and approved again: the first approval stays on the page, as it stood.
        assertThat(command("admin-demo", quarter + "/reopenings", Map.of("reason", "An audit finding.")))
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", quarter),
                report -> report != null && "open".equals(report.path("status").asText()));
        assertThat(command("recorder-kec", quarter + "/submissions", Map.of("comment", "Checked again")))
                .isEqualTo(200);
        JsonNode again = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", quarter),
                report -> report != null && "submitted".equals(report.path("status").asText()));
        assertThat(command("officer-demo", quarter + "/approvals", Map.of("comment", "Fine again."),
                again.path("version").asLong())).isEqualTo(200);
        JsonNode twice = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", quarter),
                report -> report != null && report.path("earlierApprovals").size() == 1);
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            String earlier = "[data-period='2024-Q4'] [data-earlier-approval='"
                    + twice.at("/earlierApprovals/0/approval/sequence").asLong() + "'] ";
            assertThat(browser.all(earlier + "[data-as-approved] tbody tr")).hasSizeGreaterThan(1);
            assertThat(browser.find(earlier + "[data-reopened]").getText()).contains("An audit finding.");
            browser.checkPage("project-period-approved-again");
        }
    }

    @Test
    @Order(8)
    void aProjectClosedOutSaysSoOnItsPageRecordsNothingAndOpensAgainLiveWhenReopened() throws Exception {
        // A grant of one quarter, long over: its one report approved, an officer closes it out.
        String projectId = kecProject("closing", "Closing out check", "2022-01-01", "2022-03-31");
        String project = "/api/projects/" + projectId;
        Map<String, Object> training = Map.of("title", "Training of the quarter", "occurredOn", "2022-02-15",
                "municipality", "Ferizaj", "sessions", 1, "participants", Map.of("total", 9));
        assertThat(command("recorder-kec", project + "/activities/training-delivered",
                withId(training, "closing-training"))).isEqualTo(201);
        assertThat(command("recorder-kec", project + "/periods/2022-Q1/submissions", Map.of("comment", "All in")))
                .isEqualTo(200);
        JsonNode submitted = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo",
                project + "/periods/2022-Q1"), r -> r != null && "submitted".equals(r.path("status").asText()));
        assertThat(command("officer-demo", project + "/periods/2022-Q1/approvals", Map.of("comment", "Agreed"),
                submitted.path("version").asLong())).isEqualTo(200);
        // The officer closes the version they see, with its report approved.
        JsonNode approved = await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", project),
                p -> p != null && p.path("version").asLong() > submitted.path("version").asLong());
        assertThat(command("officer-demo", project + "/closures", Map.of("comment", "Final report approved."),
                approved.path("version").asLong())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", project),
                p -> p != null && "closed".equals(p.path("status").asText()));

        try (Browser browser = Browser.open(1280, 900, "sq")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            assertThat(browser.find("[data-project-status]").getAttribute("data-value")).isEqualTo("closed");
            assertThat(browser.find("[data-project-status]").getText()).isEqualTo("i mbyllur");
            assertThat(browser.find("[data-closure]").getText()).contains("Projekti i mbyllur", "Mbyllur më",
                    "Final report approved.", "Raportet përfundimtare:");
            browser.checkPage("project-closed-sq");
        }
        // Nothing is recorded in it, not even by its own recorder; the page keeps what it showed.
        assertThat(command("recorder-kec", project + "/activities/training-delivered",
                withId(training, "after-closure"))).isEqualTo(409);

        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            assertThat(browser.find("[data-project-status]").getText()).isEqualTo("closed");
            assertThat(browser.find("[data-closure]").getText()).contains("Closed out", "Final report approved.");
            assertThat(browser.all("[data-closure] a[href='#period-2022-Q1']")).as("its final report").hasSize(1);
            browser.checkPage("project-closed");
            browser.script("window.kronikaSamePage = true;");

            // Reopened by an administrator while the page is open: the closure leaves it without a reload.
            assertThat(command("admin-demo", project + "/reopenings", Map.of("reason", "A late attendance sheet.")))
                    .isEqualTo(200);
            browser.until(Duration.ofSeconds(30), () -> browser.all("[data-closure]").isEmpty());
            assertThat(browser.script("return window.kronikaSamePage === true")).as("no reload").isEqualTo(true);
        }
        assertThat(command("recorder-kec", project + "/activities/training-delivered",
                Map.of("activityId", "after-reopening", "title", "Training of the quarter", "occurredOn", "2022-02-16",
                        "municipality", "Ferizaj", "sessions", 1, "participants", Map.of("total", 4),
                        "changeReason", "A late attendance sheet."))).isEqualTo(201);
    }

    /**
     * A project's count of overdue reports leads to its reporting periods, where as many are marked overdue as it
     * says, each one the API lists as not in; each row of the list of overdue reports leads to its period's own row.
     */
    @Test
    @Order(9)
    void anOverdueReportLeadsToItsPeriodOnTheProjectsPage() {
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            List<WebElement> counts = browser.all("[data-projects] [data-column=overdueReports] a");
            assertThat(counts).as("a project with overdue reports among the seed projects").isNotEmpty();
            WebElement cell = counts.get(0).findElement(By.xpath(".."));
            String projectId = cell.findElement(By.xpath("ancestor::tr")).getAttribute("data-project");
            int overdue = Integer.parseInt(cell.getAttribute("data-value"));
            counts.get(0).click();
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/projects/" + projectId + "#periods");
            List<WebElement> marked = browser.all("#periods [data-period][data-overdue=true]");
            assertThat(marked).as(projectId + ": the overdue reports the portfolio counted").hasSize(overdue);
            Set<String> notIn = new HashSet<>();
            api("officer-demo", "/api/projects/" + projectId + "/periods").forEach(p -> {
                if (Set.of("open", "returned").contains(p.path("status").asText())) {
                    notIn.add(p.path("periodId").asText());
                }
            });
            marked.forEach(period -> assertThat(notIn).contains(period.getAttribute("data-period")));
            assertThat(marked.get(0).getAttribute("id")).isEqualTo("period-" + marked.get(0).getAttribute("data-period"));
            browser.checkPage("project-overdue");

            browser.get(dashboards + "/dashboard/reports?status=overdue");
            browser.checkPage("reports-overdue");
            List<String> links = browser.all("[data-reports] tbody a").stream().limit(5)
                    .map(link -> link.getAttribute("href")).toList();
            assertThat(links).isNotEmpty();
            for (String link : links) {
                browser.get(link);
                assertThat(browser.script("const row = document.getElementById(location.hash.slice(1));"
                        + " return row && row.dataset.overdue")).as(link).isEqualTo("true");
            }
        }
    }

    /**
     * An officer half way through a review keeps it when the project moves on: what they typed, the figures they
     * read and the version an approval names stay, the page says newer figures are in, and approving what they read
     * is refused as changed meanwhile.
     */
    @Test
    @Order(10)
    void aLiveUpdateKeepsTheReviewAnOfficerIsWritingAndTheirApprovalIsRefusedAsChangedMeanwhile() throws Exception {
        String projectId = submittedQuarter("typing", "Review while it changes", "reviewed-training");
        String project = "/api/projects/" + projectId;
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            String form = "[data-period='2024-Q4'] [data-review] ";
            String version = browser.find(form + "input[name=version]").getAttribute("value");
            browser.find(form + "textarea").sendKeys("\nHalf a comm");

            // Recorded elsewhere while the officer writes: the rest of the page follows, the review does not.
            assertThat(command("recorder-kec", project + "/activities/training-delivered", Map.of("activityId",
                    "arrives-meanwhile", "title", "Training of the next quarter", "occurredOn", "2025-01-10",
                    "municipality", "Ferizaj", "sessions", 1, "participants", Map.of("total", 5)))).isEqualTo(201);
            browser.until(Duration.ofSeconds(30), () ->
                    !browser.all("[data-timeline] [data-activity=arrives-meanwhile]").isEmpty());
            assertThat(browser.script("return arguments[0].value", browser.find(form + "textarea")))
                    .as("what the officer typed").isEqualTo("\nHalf a comm");
            assertThat(browser.script("return document.activeElement === arguments[0]", browser.find(form + "textarea")))
                    .as("still where they type").isEqualTo(true);
            assertThat(browser.find(form + "input[name=version]").getAttribute("value"))
                    .as("the version of the figures they read").isEqualTo(version);
            assertThat(browser.find(form + "[data-newer-figures]").getText())
                    .contains("New figures have been recorded").contains("Reload the page");
            browser.checkPage("project-period-newer-figures");

            browser.find(form + "textarea").sendKeys("ent.");
            // Clicked twice while the first waits on the command service, it is sent once.
            assertThat(browser.script("var form = document.querySelector(arguments[0]);"
                    + " var approve = form.querySelector('[data-approve]'); form.requestSubmit(approve);"
                    + " var again = new SubmitEvent('submit', {bubbles: true, cancelable: true, submitter: approve});"
                    + " form.dispatchEvent(again); return again.defaultPrevented;", form.strip()))
                    .as("the second click not sent").isEqualTo(true);
            browser.until(Duration.ofSeconds(30), () -> !browser.all("[data-review-outcome]").isEmpty());
            assertThat(browser.find("[data-review-outcome]").getAttribute("data-value")).as(browser.find(
                    "[data-review-outcome]").getText()).isEqualTo("changed");
            // Not recorded, the review is still theirs to send again: what they wrote is back in the box, from its
            // first line break on.
            assertThat(browser.script("return arguments[0].value", browser.find(form + "textarea")))
                    .isEqualTo("\nHalf a comment.");
        }
        assertThat(api("auditor-demo", project + "/periods/2024-Q4").path("status").asText()).isEqualTo("submitted");
    }

    /**
     * Someone able to write to the topic puts a record of a project there that the read side rejects: the history its
     * pages show stops short, and figures folded from it are not certified. The officer may return the report, but the
     * page offers no approval, and one sent all the same, from a page read before, is refused without reaching the
     * command side.
     */
    @Test
    @Order(12)
    void aReportIsNotApprovedFromAPageWhoseHistoryIsNotVerifiedAsWhole() throws Exception {
        String projectId = submittedQuarter("withheld", "Report over a history stopped short", "withheld-training");
        String project = "/api/projects/" + projectId;
        long version = api("auditor-demo", project).path("version").asLong();
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/projects/" + projectId);
            String form = "[data-period='2024-Q4'] [data-review] ";
            assertThat(browser.all(form + "[data-approve]")).as("offered while the chain holds").hasSize(1);

            // Of the project's type, at its next event, with data that does not fit the type: rejected.
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of(
                    "bootstrap.servers", kronika.kafkaBootstrapServers()),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                var record = new org.apache.kafka.clients.producer.ProducerRecord<>("kronika.project-events", projectId,
                        ("{\"projectId\":\"" + projectId + "\",\"participants\":\"many\"}").getBytes(UTF_8));
                Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.TYPE,
                        org.kronika.events.EventTypes.of(org.kronika.events.TrainingDelivered.class).cloudEventType(), CloudEventHeaders.SOURCE,
                        "/programmes/test/projects/" + projectId, CloudEventHeaders.SUBJECT, projectId,
                        CloudEventHeaders.TIME, java.time.Instant.now().toString(), CloudEventHeaders.SEQUENCE,
                        Long.toString(version + 1), CloudEventHeaders.CONTENT_TYPE, "application/json")
                        .forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
                producer.send(record).get();
            }
            browser.until(Duration.ofSeconds(30), () -> {
                browser.get(dashboards + "/dashboard/projects/" + projectId);
                return "false".equals(browser.find("[data-verified]").getAttribute("data-value"));
            });
            assertThat(browser.all(form + "[data-approve]")).as("no approval offered").isEmpty();
            assertThat(browser.find("[data-period='2024-Q4'] [data-review] [name='back']").getAttribute("value"))
                    .as("where signing in again leads, from the first pages")
                    .isEqualTo("/dashboard/projects/" + projectId + "#period-2024-Q4");
            assertThat(browser.find(form + "[data-approval-withheld]").getText())
                    .startsWith("Approval is withheld: the history these figures come from is not verified");
            assertThat(browser.all(form + "[data-return]")).as("a return certifies nothing").hasSize(1);
            browser.checkPage("project-period-approval-withheld");

            // The approval the page no longer offers, sent as a page read before would send it, from a later page of
            // the timeline and of the measurements: the answer keeps both.
            browser.get(dashboards + "/dashboard/projects/" + projectId + "?activities=1&measurements=1");
            assertThat(browser.find("[data-period='2024-Q4'] [data-review] [name='back']").getAttribute("value"))
                    .as("where signing in again leads").isEqualTo("/dashboard/projects/" + projectId
                            + "?activities=1&measurements=1#period-2024-Q4");
            browser.script("const form = document.querySelector(arguments[0]);"
                    + " const decision = document.createElement('input');"
                    + " decision.type = 'hidden'; decision.name = 'decision'; decision.value = 'approve';"
                    + " form.appendChild(decision); form.submit();", "[data-period='2024-Q4'] [data-review]");
            browser.until(Duration.ofSeconds(30), () -> !browser.all("[data-review-outcome]").isEmpty());
            assertThat(browser.find("[data-review-outcome]").getAttribute("data-value")).isEqualTo("refused");
            assertThat(browser.find("[data-review-outcome]").getText())
                    .contains("Not recorded: the history this page shows is not verified as the whole one");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard/projects/" + projectId
                    + "?activities=1&measurements=1#review-outcome");
        }
        assertThat(command("officer-demo", project + "/periods/2024-Q4/approvals", Map.of(), version))
                .as("the command side would have taken it: the page refused it").isEqualTo(200);
    }

    /**
     * A new project of KEC's with one training in 2024's last quarter, whose report is submitted and shown so: its id.
     */
    private static String submittedQuarter(String prefix, String title, String activityId) throws Exception {
        String projectId = kecProject(prefix, title, "2024-01-01", "2025-12-31");
        String project = "/api/projects/" + projectId;
        assertThat(command("recorder-kec", project + "/activities/training-delivered", Map.of("activityId",
                activityId, "title", "Training under review", "occurredOn", "2024-10-03", "municipality",
                "Ferizaj", "sessions", 1, "participants", Map.of("total", 12)))).isEqualTo(201);
        assertThat(command("recorder-kec", project + "/periods/2024-Q4/submissions", Map.of("comment", "In")))
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("auditor-demo", project + "/periods/2024-Q4"),
                r -> r != null && "submitted".equals(r.path("status").asText()));
        return projectId;
    }

    /** A new project of KEC's in Ferizaj, registered by an administrator: its id, a new one each time. */
    private static String kecProject(String prefix, String title, String start, String end) throws Exception {
        String projectId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(command("admin-demo", "/api/projects", Map.of("projectId", projectId, "organisationId", "kec",
                "organisation", "Kosova Education Center (KEC)", "title", title, "municipalities", List.of("Ferizaj"),
                "startDate", start, "endDate", end))).isEqualTo(201);
        return projectId;
    }

    private static Map<String, Object> withId(Map<String, Object> activity, String activityId) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(activity);
        body.put("activityId", activityId);
        return body;
    }

    /**
     * An officer sees how many reports each tab holds, as the API counts them for them, and which of them a page
     * shows; read on from a page after the first, they go back a page to the first. Every impact axe finds counts.
     */
    @Test
    @Order(11)
    void theReportsPageCountsEachTabAndGoesBackAPageAsWellAsOn() {
        try (Browser browser = Browser.open(1280, 900, "en")) {
            browser.signIn(dashboards, "officer");
            browser.get(dashboards + "/dashboard/reports");
            browser.checkPage("reports-counted");
            assertThat(browser.allViolations()).as("axe-core, all impacts, on the reports").isEmpty();

            // Each tab says how many reports it holds, as the API counts them for the officer (once the counts have
            // caught up with the list); overdue reports are never counted. The list says which it shows of them.
            Map<String, Long> totals = new java.util.LinkedHashMap<>();
            for (String status : List.of("submitted", "returned", "approved")) {
                totals.put(status, await().atMost(Duration.ofSeconds(30)).until(() -> api("officer-demo",
                        "/api/reports?limit=500&status=" + status), all -> all.path("total").asLong()
                        == all.path("reports").size()).path("total").asLong());
            }
            browser.get(dashboards + "/dashboard/reports");
            assertThat(browser.find("[data-tab=submitted]").getText())
                    .isEqualTo("Waiting for review (" + totals.get("submitted") + ")");
            assertThat(browser.find("[data-tab=approved]").getText()).isEqualTo("Approved (" + totals.get("approved") + ")");
            assertThat(browser.find("[data-tab=overdue]").getText()).isEqualTo("Overdue");
            long approvedTotal = totals.get("approved");
            assertThat(approvedTotal).as("the demo's approved reports").isGreaterThan(1);
            browser.find("[data-tab=approved]").click();
            assertThat(browser.find("caption [data-position]").getText()).isEqualTo("Reports 1–"
                    + Math.min(approvedTotal, 50) + " of " + approvedTotal);

            // Read on from after the first approved report, the officer goes back a page: the first page, which
            // has none before it.
            JsonNode approvedFirst = api("officer-demo", "/api/reports?status=approved&limit=1");
            browser.get(dashboards + "/dashboard/reports?status=approved&at=1&after=" + java.net.URLEncoder.encode(
                    approvedFirst.path("next").asText(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(browser.find("caption [data-position]").getText())
                    .isEqualTo("Reports 2–" + Math.min(approvedTotal, 51) + " of " + approvedTotal);
            browser.checkPage("reports-after-the-first");
            assertThat(browser.allViolations()).as("axe-core, all impacts, on a page with a page before").isEmpty();
            browser.find("nav.pager [rel=prev]").click();
            assertThat(browser.driver().getCurrentUrl()).contains("status=approved", "before=", "at=2");
            assertThat(browser.all("[data-reports] tbody tr").get(0).getAttribute("data-project") + "|"
                    + browser.all("[data-reports] tbody tr").get(0).getAttribute("data-period"))
                    .isEqualTo(approvedFirst.at("/reports/0/projectId").asText() + "|"
                            + approvedFirst.at("/reports/0/periodId").asText());
            assertThat(browser.find("caption [data-position]").getAttribute("data-from")).isEqualTo("1");
            assertThat(browser.all("nav.pager [rel=prev]")).as("nothing before the first page").isEmpty();
            browser.checkPage("reports-previous");
        }
    }

    /** Signs a session out as its own sign-out form does, from outside the browser that holds it. */
    private static void signOut(String session) throws Exception {
        String page = HTTP.send(HttpRequest.newBuilder(URI.create(dashboards + "/dashboard")).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(csrf.find()).as("the page's sign-out form").isTrue();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(dashboards + "/logout")).header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(302);
    }

    /** The most characters the command API's OpenAPI document allows an approval's comment. */
    private static String approvalsCommentBound() throws Exception {
        JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(kronika.commandServiceUrl()
                + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String body = document.at("/paths/" + "/api/projects/{projectId}/periods/{periodId}/approvals"
                .replace("~", "~0").replace("/", "~1") + "/post/requestBody/content/application~1json/schema/$ref")
                .asText();
        JsonNode bound = document.at("/components/schemas/" + body.replaceAll(".*/", "")
                + "/properties/comment/maxLength");
        assertThat(bound.isInt()).as("the approval's comment is bounded in " + body).isTrue();
        return bound.asText();
    }

    /** The query API's answer for the same view as the page's, or null if it has none (yet). */
    private static JsonNode api(String client, String path) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(dashboards + path))
                    .header("Authorization", "Bearer " + tokens.token(client)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As a reader reads it: Selenium gives non-breaking spaces as plain ones. */
    private static String shown(long number, Locale locale) {
        return NumberFormat.getNumberInstance(locale).format(number).replaceAll("[\\u00a0\\u202f]", " ");
    }

    private static int command(String client, String path, Map<String, Object> body) throws Exception {
        return HTTP.send(request(client, path, body).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** As {@link #command(String, String, Map)}, applied only if the project is still at {@code version}. */
    private static int command(String client, String path, Map<String, Object> body, long version) throws Exception {
        return HTTP.send(request(client, path, body).header("If-Match", "\"" + version + "\"").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpRequest.Builder request(String client, String path, Map<String, Object> body) throws Exception {
        return HttpRequest.newBuilder(URI.create(kronika.commandServiceUrl() + path))
                .header("Authorization", "Bearer " + tokens.token(client))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    /** A figure the page shows as the API gives it, or, where nothing was measured, as "nothing measured". */
    private static void achieved(Browser browser, String css, double api, boolean measured) {
        if (measured) {
            assertThat(browser.value(css)).isEqualTo(api);
        } else {
            assertThat(browser.find(css).getAttribute("data-value")).isNull();
            assertThat(browser.find(css).findElements(By.cssSelector("[data-missing]"))).hasSize(1);
        }
    }
}
