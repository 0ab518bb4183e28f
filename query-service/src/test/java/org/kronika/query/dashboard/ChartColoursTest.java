package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charts' series colours, which also write their axes' numbers, as the page's script has them: each reads on the
 * white page at WCAG AA's 4.5:1 for small text (the second was 4.46:1).
 */
class ChartColoursTest {

    @Test
    void everySeriesColourContrastsWithThePageAsSmallTextMust() throws IOException {
        List<String> colours = colours();
        assertThat(colours).hasSizeGreaterThanOrEqualTo(4);
        for (String colour : colours) {
            assertThat(contrast(colour, "#ffffff")).as(colour + " on white").isGreaterThanOrEqualTo(4.5);
        }
    }

    private static List<String> colours() throws IOException {
        try (InputStream script = ChartColoursTest.class.getResourceAsStream("/static/dashboard.js")) {
            String text = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            Matcher list = Pattern.compile("var COLOURS = \\[([^]]*)]").matcher(text);
            assertThat(list.find()).as("the script's COLOURS").isTrue();
            return Pattern.compile("#[0-9a-fA-F]{6}").matcher(list.group(1)).results().map(m -> m.group()).toList();
        }
    }

    /** WCAG 2's contrast ratio of two sRGB colours. */
    private static double contrast(String one, String other) {
        double a = luminance(one);
        double b = luminance(other);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    private static double luminance(String hex) {
        double[] weights = {0.2126, 0.7152, 0.0722};
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            sum += weights[i] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return sum;
    }
}
