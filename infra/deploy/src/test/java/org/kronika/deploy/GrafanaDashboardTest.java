package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations dashboard, without a Grafana to load it into: its shape, its data source, and that every panel
 * is described in docs/operations.md and every alert has a panel. That each expression names metrics the services
 * really export is checked on the running services (infra/local, EndToEndContract).
 */
class GrafanaDashboardTest {

    static final String DASHBOARD = "deploy/grafana/dashboards/kronika.json";

    @Test
    void panelsFitTheGridEachWithAnIdAQueryAndTheProvisionedDataSource() {
        JsonNode dashboard = DeployFiles.json(DASHBOARD);
        assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        String datasource = DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .at("/datasources/0/uid").asText();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("%s has an id of its own", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
            assertThat(grid.path("h").asInt()).as(title).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo(datasource);
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.at("/datasource/uid").asText()).as(title).isEqualTo(datasource);
            }
        }
    }

    @Test
    void panelsDoNotOverlap() {
        List<int[]> placed = new ArrayList<>();
        for (JsonNode panel : DeployFiles.json(DASHBOARD).path("panels")) {
            JsonNode g = panel.path("gridPos");
            int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
            for (int[] other : placed) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                        || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertThat(apart).as("%s overlaps another panel", panel.path("title").asText()).isTrue();
            }
            placed.add(box);
        }
    }

    @Test
    void everyPanelIsDescribedInTheOperationsGuideAndEveryAlertHasAPanel() {
        String guide = DeployFiles.read("docs/operations.md");
        StringBuilder descriptions = new StringBuilder();
        for (JsonNode panel : DeployFiles.json(DASHBOARD).path("panels")) {
            assertThat(guide).as("docs/operations.md describes the panel").contains(panel.path("title").asText());
            descriptions.append(panel.path("description").asText()).append('\n');
        }
        for (JsonNode alert : PrometheusRulesTest.alerts()) {
            assertThat(descriptions.toString()).as("a panel shows what %s alerts on", alert.path("alert").asText())
                    .contains(alert.path("alert").asText());
        }
    }
}
