package org.kronika.command.publishing;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The producer's own limit on a record's size, checked the way the producer checks it, before a batch is sent: a
 * record over it is refused for good. Found here, before anything of the batch goes out, its event is set aside when
 * the batch is offered again, its project's later events behind it, and no other project is held up. Found by the
 * producer, at its send, it failed the whole batch at every retry, and no project was published any more.
 */
@Component
public class RecordSizeLimit {

    private final int maxRequestSize;
    private final CompressionType compression;

    public RecordSizeLimit(KafkaTemplate<String, byte[]> kafka) {
        Map<String, Object> config = kafka.getProducerFactory().getConfigurationProperties();
        this.maxRequestSize = Integer.parseInt(String.valueOf(
                config.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024)));
        this.compression = CompressionType.forName(String.valueOf(
                config.getOrDefault(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")));
    }

    /** Why the producer would refuse this record for good, in its own words; none if it fits. */
    public Optional<String> refusal(ProducerRecord<String, byte[]> record) {
        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, compression,
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
                record.headers().toArray());
        return size <= maxRequestSize ? Optional.empty() : Optional.of("The message is " + size
                + " bytes when serialized which is larger than " + maxRequestSize
                + ", which is the value of the max.request.size configuration.");
    }
}
