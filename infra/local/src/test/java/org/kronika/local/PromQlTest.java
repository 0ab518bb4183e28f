package org.kronika.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void findsTheMetricsAndLeavesOutFunctionsLabelsKeywordsAndDurations() {
        assertThat(PromQl.metricNames("""
                sum by (reason) (rate(kronika_commands_seconds_count{outcome="rejected", reason=~"a|b"}[5m]))
                  / scalar(sum(rate(kronika_commands_seconds_count[5m]))) > 0.25
                and on() max(kronika_publisher_lag_seconds offset 1h) > 1e3
                """)).containsExactly("kronika_commands_seconds_count", "kronika_publisher_lag_seconds");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le) (rate(x_bucket[10m]))) > 30 unless up == 0"))
                .containsExactly("up", "x_bucket");
    }
}
