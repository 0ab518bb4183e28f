package org.kronika.command.checkpoint;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether another instance signs checkpoints with a key this one does not list, since this one's key first signed
 * (or since it started, if its key has signed nothing yet): its key configuration is older than a rotation, as
 * when it was restarted without the rotation's variables or from an old configuration. It then publishes a key set
 * that cannot verify the latest checkpoints, and signs with a key the others retired, while nothing else shows it:
 * rows of keys it does not hold are passed over by design (a key taken out as compromised signed before the one
 * that replaced it, so it is not counted here). Seen from the instances that are up to date, the same instance signs
 * with a key they list as retired, after its retirement, as would whoever kept that key's private part: counted too.
 */
@Component
public class UnlistedSigningKeys {

    private static final Logger log = LoggerFactory.getLogger(UnlistedSigningKeys.class);

    private final CheckpointStore store;
    private final SigningKeys keys;
    /** The checkpoint after which another key signing means this instance's keys are out of date. */
    private final AtomicReference<Long> since = new AtomicReference<>();
    private final AtomicReference<List<String>> unlisted = new AtomicReference<>(List.of());

    public UnlistedSigningKeys(CheckpointStore store, SigningKeys keys, MeterRegistry meters) {
        this.store = store;
        this.keys = keys;
        Gauge.builder("kronika.checkpoints.key.unlisted", unlisted, found -> found.get().isEmpty() ? 0 : 1)
                .description("1 while checkpoints are signed by a key this instance does not list, or by a key "
                        + "it lists as retired since its retirement, so an instance's key configuration is older than "
                        + "a rotation (docs/operations.md, \"Rotating the checkpoint signing key\"), else 0")
                .register(meters);
    }

    /** Looks again; at every signing tick. */
    public void check() {
        Long after = since.get();
        if (after == null) {
            after = store.firstIdOfKey(keys.keyId()).orElseGet(store::lastId);
            since.set(after);
        }
        List<String> found = store.otherKeysAfter(after, keys.signers());
        List<String> before = unlisted.getAndSet(found);
        if (!found.isEmpty() && !found.equals(before)) {
            log.warn("Checkpoints are signed by {} {}, which this instance's key set {} does not list, or lists as "
                    + "retired before they were signed {}: one of the instances has a checkpoint key configuration "
                    + "older than a rotation (this one, if it does not list them; then the key set it publishes cannot "
                    + "verify them), or someone else holds a retired key. Start every instance with the rotation's "
                    + "variables (docs/operations.md, \"Rotating the checkpoint signing key\")",
                    found.size() == 1 ? "key" : "keys", found, keys.keyIds(), keys.retiredAt());
        } else if (found.isEmpty() && !before.isEmpty()) {
            log.info("No checkpoint is signed any more by a key this instance does not list");
        }
    }

    /** The keys found at the last look. */
    public List<String> found() {
        return unlisted.get();
    }
}
