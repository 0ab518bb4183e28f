package org.kronika.query.stream;

import java.util.List;
import java.util.Map;

/**
 * What one poll of the topic brought.
 *
 * @param events      records that follow the contract, in the order read
 * @param nextOffsets per partition, the offset after the last record read
 * @param full        the poll brought as many records as it may: there is more to read right away
 */
public record StreamBatch(List<ReceivedEvent> events, Map<Integer, Long> nextOffsets, boolean full) {
}
