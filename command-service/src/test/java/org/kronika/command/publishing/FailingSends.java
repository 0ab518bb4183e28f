package org.kronika.command.publishing;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NetworkException;
import org.kronika.command.web.AfterCommitFaults;
import org.kronika.events.CloudEventHeaders;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a test make the Kafka producer fail the send of one chosen event or checkpoint, once, as a broker that never
 * acknowledged it would: the send's callback gets the error and its future fails. Every other record goes to
 * the real broker untouched.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingSends {

    private final Set<String> armed = ConcurrentHashMap.newKeySet();
    private final Map<String, AfterCommitFaults.Hang> heldRetries = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();

    /** The next send of this event of the project fails; later ones go through. */
    public void failOnce(String projectId, long sequence) {
        armed.add(projectId + "/" + sequence);
    }

    /**
     * The next send of this value (a checkpoint's JWS) to the topic fails; the one after it, its retry, waits before
     * it reaches the broker until released, so that a test sees what the failed attempt left.
     */
    public AfterCommitFaults.Hang failOnceThenHoldTheRetry(String topic, String value) {
        AfterCommitFaults.Hang retry = new AfterCommitFaults.Hang();
        heldRetries.put(topic + " " + value, retry);
        armed.add(topic + " " + value);
        return retry;
    }

    /** How many sends were made to fail so far. */
    public int failures() {
        return failures.get();
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer failingSendsInTheProducer() {
        return factory -> addTo(factory);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void addTo(DefaultKafkaProducerFactory factory) {
        factory.addPostProcessor((ProducerPostProcessor) producer -> failing((Producer<Object, Object>) producer));
    }

    @SuppressWarnings("unchecked")
    private Producer<Object, Object> failing(Producer<Object, Object> producer) {
        return (Producer<Object, Object>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[]{Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send") && args[0] instanceof ProducerRecord<?, ?> record) {
                        if (armed.remove(record.key() + "/" + sequence(record)) || armed.remove(value(record))) {
                            failures.incrementAndGet();
                            return failLater(args.length > 1 ? (Callback) args[1] : null);
                        }
                        AfterCommitFaults.Hang retry = heldRetries.isEmpty() ? null : heldRetries.remove(value(record));
                        if (retry != null) {
                            retry.holdHere();
                        }
                    }
                    try {
                        return method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * A broker's refusal arrives after send returned, on the producer's own thread; failing at once would take
     * the other path, an exception thrown by send itself.
     */
    private static CompletableFuture<RecordMetadata> failLater(Callback callback) {
        NetworkException error = new NetworkException("FailingSends: the broker did not acknowledge this record");
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> {
            if (callback != null) {
                callback.onCompletion(null, error);
            }
            result.completeExceptionally(error);
        }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        return result;
    }

    private static String value(ProducerRecord<?, ?> record) {
        return record.topic() + " " + (record.value() instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(record.value()));
    }

    private static String sequence(ProducerRecord<?, ?> record) {
        var header = record.headers().lastHeader(CloudEventHeaders.SEQUENCE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
