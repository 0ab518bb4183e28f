package org.kronika.command.checkpoint;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.kronika.verifier.VerifyCli;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signing key from its file, and a rotation as docs/operations.md describes it, checked with the verifier. */
class SigningKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Checkpoint CHECKPOINT = Checkpoint.of("test-programme", "2026-11-30T12:00:00Z",
            List.of(new Head("kec-media-clubs", 41, "3b1e5c8f0a9d2e47b6c13f58a0e9d7c2b4f61a83e5d09c7b2a4f8e16d3c5b907")),
            "periodic");

    @TempDir
    Path folder;

    @Test
    void aKeyRotationKeepsOldCheckpointsVerifiableAndAnUnknownKeyIsRejected() throws Exception {
        // Key A, as the runbook's first key: a PEM from openssl genpkey, with its kid configured.
        Path keyA = pem(SignedCheckpoints.newKey(), "key-a.pem");
        SigningKeys a = SigningKeys.load(properties(keyA, "kronika-2026", List.of()));
        String signedByA = a.sign(CHECKPOINT);
        KeySet.PublicJwk publishedA = a.keySet().keys().get(0);

        // Rotation: key B signs from now on, A stays in the key set with the x the key set published, and when it
        // stopped signing.
        Path keyB = pem(SignedCheckpoints.newKey(), "key-b.pem");
        SigningKeys b = SigningKeys.load(properties(keyB, "kronika-2027", List.of(new CheckpointProperties.RetiredKey(
                publishedA.kid(), publishedA.x(), Instant.parse("2027-01-04T09:00:00Z")))));
        assertThat(b.keySet().keys()).extracting(KeySet.PublicJwk::kid).containsExactly("kronika-2027", "kronika-2026");
        assertThat(b.keySet().keys().get(1)).usingRecursiveComparison().ignoringFields("retiredAt")
                .isEqualTo(publishedA);
        assertThat(b.keySet().keys()).extracting(KeySet.PublicJwk::retiredAt)
                .containsExactly(null, "2027-01-04T09:00:00Z");
        assertThat(JSON.writeValueAsString(b.keySet())).as("as served").contains(
                "\"kid\":\"kronika-2026\",\"use\":\"sig\",\"alg\":\"EdDSA\",\"x\":\"" + publishedA.x()
                        + "\",\"kronika_retired_at\":\"2027-01-04T09:00:00Z\"}").doesNotContain("null");
        String signedByB = b.sign(CHECKPOINT);
        assertThat(header(signedByB).path("kid").asText()).isEqualTo("kronika-2027");

        Path rotatedKeySet = write("jwks.json", JSON.writeValueAsString(b.keySet()));
        assertThat(verify(signedByA, rotatedKeySet)).as("the old checkpoint with the new key set")
                .contains("\"issuedAt\" : \"2026-11-30T12:00:00Z\"").contains("\"size\" : 1");
        assertThat(verify(signedByB, rotatedKeySet)).contains("\"issuedAt\" : \"2026-11-30T12:00:00Z\"");
        assertThat(verify(signedByA, write("only-b.json", JSON.writeValueAsString(
                SigningKeys.load(properties(keyB, "kronika-2027", List.of())).keySet()))))
                .as("a key set that dropped A: A's checkpoints no longer verify, as for a compromised key")
                .contains("REFUSED checkpoint: checkpoint signed with key 'kronika-2026', which the key set does not list");

        // A's private part kept in a backup: what it signs after its retirement is no checkpoint of Kronika's.
        String afterRetirement = a.sign(Checkpoint.of("test-programme", "2027-01-04T09:00:00Z", CHECKPOINT.heads(),
                "periodic"));
        assertThat(b.verified(afterRetirement)).isEmpty();
        assertThat(b.verified(signedByA)).isPresent();
        assertThat(verify(afterRetirement, rotatedKeySet)).contains("REFUSED checkpoint: signed 2027-01-04T09:00:00Z "
                + "by key 'kronika-2026', which the key set says was retired at 2027-01-04T09:00:00Z");

        KeyPair stranger = SignedCheckpoints.newKey();
        assertThat(verify(SignedCheckpoints.sign(CHECKPOINT, "someone-else", stranger.getPrivate()), rotatedKeySet))
                .contains("which the key set does not list");
        assertThat(verify(SignedCheckpoints.sign(CHECKPOINT, "kronika-2027", stranger.getPrivate()), rotatedKeySet))
                .as("another key claiming the current kid")
                .contains("REFUSED checkpoint: checkpoint signature does not verify with key 'kronika-2027'");
    }

    /** The variables of the rotation runbook (docs/audit/checkpoints.md) reach the properties as written there. */
    @Test
    void theRotationIsConfiguredWithTheDocumentedEnvironmentVariables() throws Exception {
        Path key = pem(SignedCheckpoints.newKey(), "checkpoints-2027.pem");
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "KRONIKA_CHECKPOINTS_KEY_FILE", key.toString(), "KRONIKA_CHECKPOINTS_KEY_ID", "kronika-2027",
                "KRONIKA_CHECKPOINTS_RETIREDKEYS_0_KID", "kronika-2026",
                "KRONIKA_CHECKPOINTS_RETIREDKEYS_0_X", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                "KRONIKA_CHECKPOINTS_RETIREDKEYS_0_RETIREDAT", "2027-01-04T09:00:00Z",
                "KRONIKA_CHECKPOINTS_INTERVAL", "PT10M"));
        CheckpointProperties properties = new Binder(ConfigurationPropertySources.from(environment))
                .bind("kronika.checkpoints", CheckpointProperties.class).get();
        assertThat(properties.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(SigningKeys.load(properties).keySet().keys()).extracting(KeySet.PublicJwk::kid,
                KeySet.PublicJwk::retiredAt).containsExactly(org.assertj.core.groups.Tuple.tuple("kronika-2027", null),
                org.assertj.core.groups.Tuple.tuple("kronika-2026", "2027-01-04T09:00:00Z"));
    }

    @Test
    void aCreatedKeyIsKeptForTheNextStartReadableByItsOwnerOnlyAndNeverLogged() throws Exception {
        Path file = folder.resolve("local").resolve("checkpoint-key.jwk");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(SigningKeys.class);
        logger.addAppender(logs);
        try {
            SigningKeys first = SigningKeys.load(created(file));
            SigningKeys again = SigningKeys.load(created(file));
            assertThat(again.keySet()).isEqualTo(first.keySet());
            assertThat(first.keyId()).startsWith("local-");

            JsonNode jwk = JSON.readTree(Files.readString(file));
            String privateKey = jwk.path("d").asText();
            assertThat(Base64.getUrlDecoder().decode(privateKey)).hasSize(32);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("Created checkpoint signing key '" + first.keyId()))
                    .noneSatisfy(line -> assertThat(line).contains(privateKey));
            assertThat(first.toString()).doesNotContain(privateKey);
            assertThat(JSON.writeValueAsString(first.keySet())).doesNotContain(privateKey).doesNotContain("\"d\"");
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void aKeyFileThatDoesNotFitItsConfigurationIsRefusedAtStart() throws Exception {
        assertThatThrownBy(() -> SigningKeys.load(properties(null, null, List.of())))
                .hasMessageContaining("KRONIKA_CHECKPOINTS_KEY_FILE");
        Path pem = pem(SignedCheckpoints.newKey(), "key.pem");
        assertThatThrownBy(() -> SigningKeys.load(properties(pem, null, List.of())))
                .hasMessageContaining("set KRONIKA_CHECKPOINTS_KEY_ID");
        assertThatThrownBy(() -> SigningKeys.load(properties(folder.resolve("missing.pem"), "k", List.of())))
                .hasMessageContaining("Cannot read the checkpoint signing key");

        Path jwk = folder.resolve("key.jwk");
        SigningKeys.load(created(jwk));
        String other = (String) SignedCheckpoints.jwk("x", SignedCheckpoints.newKey().getPublic()).get("x");
        Path mismatched = write("mismatched.jwk", Files.readString(jwk).replaceAll("\"x\":\"[^\"]+\"", "\"x\":\"" + other + "\""));
        assertThatThrownBy(() -> SigningKeys.load(properties(mismatched, null, List.of())))
                .hasMessageContaining("its x is not the public key of its d");
        assertThatThrownBy(() -> SigningKeys.load(properties(jwk, "another-name", List.of())))
                .hasMessageContaining("names itself");
        String current = SigningKeys.load(properties(jwk, null, List.of())).keyId();
        assertThatThrownBy(() -> SigningKeys.load(properties(jwk, null,
                List.of(new CheckpointProperties.RetiredKey(current, other, null)))))
                .hasMessageContaining("is listed twice");
    }

    private Path pem(KeyPair key, String name) throws Exception {
        return write(name, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(folder.resolve(name), content);
    }

    private static CheckpointProperties properties(Path keyFile, String keyId, List<CheckpointProperties.RetiredKey> retired) {
        return new CheckpointProperties(Duration.ofHours(1), keyFile, keyId, false, retired, "kronika.checkpoints");
    }

    private static CheckpointProperties created(Path keyFile) {
        return new CheckpointProperties(Duration.ofHours(1), keyFile, null, true, List.of(), "kronika.checkpoints");
    }

    private static JsonNode header(String jws) throws Exception {
        return JSON.readTree(SignedCheckpoints.parse(jws).headerJson());
    }

    /**
     * What the verifier says of a checkpoint file and a key set file: the proof of the one head (its JSON), which it
     * gives only for a checkpoint it verified, or why it refused the checkpoint.
     */
    private String verify(String jws, Path keySet) throws Exception {
        Path checkpoint = write("checkpoint-" + System.nanoTime() + ".jws", jws);
        var out = new ByteArrayOutputStream();
        VerifyCli.run(new String[]{"--checkpoint", checkpoint.toString(), "--keys", keySet.toString(),
                "--prove", "kec-media-clubs"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
