package org.kronika.command.checkpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signed checkpoints: how often, with which key, and where they are published (docs/operations.md).
 *
 * @param interval    a periodic checkpoint is signed this often, when anything changed since the last one
 * @param keyFile     the current signing key: an Ed25519 private key as PKCS#8 PEM or as an OKP JSON Web Key
 * @param keyId       the key's {@code kid}; required for a PEM file, optional for a JWK (which names its own)
 * @param createKey   create {@code keyFile} with a new key if it does not exist: for {@code ./run-local} only, as a
 *                    mistyped path in production would otherwise silently start a new key
 * @param retiredKeys keys that signed earlier checkpoints: kept in the published key set so those still verify
 * @param topic       the topic checkpoints are published on
 */
@ConfigurationProperties(prefix = "kronika.checkpoints")
public record CheckpointProperties(
        @DefaultValue("PT5M") Duration interval,
        Path keyFile,
        String keyId,
        @DefaultValue("false") boolean createKey,
        @DefaultValue List<RetiredKey> retiredKeys,
        @DefaultValue("kronika.checkpoints") String topic) {

    public CheckpointProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("kronika.checkpoints.interval must be positive, not " + interval);
        }
        keyFile = keyFile == null || keyFile.toString().isBlank() ? null : keyFile;
        keyId = keyId == null || keyId.isBlank() ? null : keyId.strip();
        retiredKeys = List.copyOf(retiredKeys);
    }

    /**
     * A key that no longer signs: its {@code kid} and public key ({@code x}, base64url, as in the key set), and
     * {@code retiredAt}, when it stopped signing: a checkpoint it signs from then on (its private part kept in a
     * backup) is not Kronika's. Left out, as for a key listed before it signs (a rotation rolled in two steps), the
     * key set sets the key no end.
     */
    public record RetiredKey(String kid, String x, Instant retiredAt) {
    }
}
