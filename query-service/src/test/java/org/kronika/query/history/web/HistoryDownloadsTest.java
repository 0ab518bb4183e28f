package org.kronika.query.history.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a download is incomplete, as its header says it. */
class HistoryDownloadsTest {

    @Test
    void aReasonInAHeaderIsAsciiAndCutShortWhateverTheRecordItQuotes() {
        assertThat(HistoryDownloads.headerValue("record of Kamenicë: ce_sequence \"x\" is not a whole number"))
                .isEqualTo("record of Kamenic?: ce_sequence \"x\" is not a whole number");
        // A forged record's value, quoted whole, made a header over the server's limit: the download failed.
        String forged = "ce_sequence \"" + "x".repeat(9_000) + "\" is not a whole number";
        String header = HistoryDownloads.headerValue(forged);
        assertThat(header).hasSize(HistoryDownloads.REASON_IN_HEADER).startsWith("ce_sequence \"xxx").endsWith("...");
    }
}
