package org.kronika.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoint and its key set are saved as an export is ({@code curl ... > file}), so they are read as an export
 * is: a byte-order mark an editor or shell put before them is no part of what was served and is passed over, and a
 * file saved as UTF-16 (Windows PowerShell 5's {@code >}) is the wrong file, a usage error saying how to save it.
 */
class CheckpointFilesTest {

    private static final byte[] UTF_8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF_16LE_MARK = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF_16BE_MARK = {(byte) 0xFE, (byte) 0xFF};

    @TempDir
    Path folder;

    private final KeyPair key = SignedCheckpoints.newKey();
    private final Checkpoint signed = Checkpoint.of("test-programme", "2026-11-30T12:00:00Z",
            List.of(new Head("p-1", 3, "ab".repeat(32))), "periodic");
    private final String jws = SignedCheckpoints.sign(signed, "k1", key.getPrivate());
    private final String jwks;

    /** The checkpoint and key set as served. */
    private Path checkpoint;
    private Path keys;

    CheckpointFilesTest() throws Exception {
        jwks = new ObjectMapper().writeValueAsString(Map.of("keys",
                List.of(SignedCheckpoints.jwk("k1", key.getPublic()))));
    }

    @BeforeEach
    void served() throws Exception {
        checkpoint = saved("checkpoint.jws", new byte[0], jws.getBytes(StandardCharsets.UTF_8));
        keys = saved("jwks.json", new byte[0], jwks.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCheckpointAndAKeySetSavedWithAByteOrderMarkVerify() throws Exception {
        Path markedCheckpoint = saved("marked.jws", UTF_8_MARK, jws.getBytes(StandardCharsets.UTF_8));
        Path markedKeys = saved("marked.json", UTF_8_MARK, jwks.getBytes(StandardCharsets.UTF_8));

        for (Path[] files : List.of(new Path[]{markedCheckpoint, keys}, new Path[]{checkpoint, markedKeys},
                new Path[]{markedCheckpoint, markedKeys})) {
            assertThat(run("--checkpoint", files[0].toString(), "--keys", files[1].toString()))
                    .as(files[0].getFileName() + " with " + files[1].getFileName())
                    .isEqualTo("CHECKPOINT signed 2026-11-30T12:00:00Z over 1 projects, root "
                            + signed.root() + "\nexit 0");
        }
    }

    @Test
    void aCheckpointOrAKeySetSavedAsUtf16IsTheWrongFileSayingHowToSaveIt() throws Exception {
        Path wideCheckpoint = saved("wide.jws", UTF_16LE_MARK, jws.getBytes(StandardCharsets.UTF_16LE));
        Path wideKeys = saved("wide.json", UTF_16BE_MARK, jwks.getBytes(StandardCharsets.UTF_16BE));
        String howToSave = "is UTF-16 text, not the UTF-8 Kronika serves: save the download as it comes (curl -o FILE, "
                + "or in PowerShell Invoke-WebRequest -OutFile FILE) and check that file";

        assertThat(run("--checkpoint", wideCheckpoint.toString(), "--keys", keys.toString()))
                .isEqualTo("error: " + wideCheckpoint + " " + howToSave + "\nexit 2");
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", wideKeys.toString()))
                .isEqualTo("error: " + wideKeys + " " + howToSave + "\nexit 2");
    }

    /**
     * A checkpoint whose structure was altered (its signature stripped, text appended, a part that is not base64url)
     * is a finding about the checkpoint, as a forged signature is: refused, exit 1, never the verifier's own failure.
     */
    @Test
    void aCheckpointAlteredInItsStructureIsRefusedNotAnInputThatCannotBeRead() throws Exception {
        String stripped = jws.substring(0, jws.lastIndexOf('.') + 1);
        Map<String, String> altered = Map.of(
                "signature stripped", stripped,
                "text appended", jws + " approved by the board",
                "a dot appended", jws + ".",
                "padding on its signature", jws + "==",
                "a part that is not base64url", jws.replaceFirst("\\.", ".*"),
                "a header that is not JSON", "bm90IGpzb24" + jws.substring(jws.indexOf('.')));
        altered.forEach((how, text) -> {
            try {
                Path file = saved("altered.jws", new byte[0], text.getBytes(StandardCharsets.UTF_8));
                assertThat(run("--checkpoint", file.toString(), "--keys", keys.toString())).as(how)
                        .startsWith("REFUSED checkpoint: not a checkpoint as Kronika signs it: ").endsWith("\nexit 1");
            } catch (Exception e) {
                throw new AssertionError(how, e);
            }
        });
        assertThat(run("--checkpoint", saved("stripped.jws", new byte[0], stripped.getBytes(StandardCharsets.UTF_8))
                .toString(), "--keys", keys.toString())).isEqualTo("REFUSED checkpoint: not a checkpoint as Kronika "
                + "signs it: A JWS compact serialisation has three parts, and one is empty\nexit 1");
    }

    /**
     * Signed, but with two readings: a member named twice (the root, once made up and once as the heads give it), or
     * anything after the payload. A lenient reader takes the last root and calls it matching; another could take the
     * first. Kronika's signer writes neither, so only a signer's bug or a stolen key makes one.
     */
    @Test
    void aSignedCheckpointNamingAMemberTwiceIsRefused() throws Exception {
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"" + SignedCheckpoints.TYPE + "\"}";
        String payload = org.kronika.events.chain.CanonicalJson.write(signed.json());
        assertThat(run("--checkpoint", saved("as-is.jws", new byte[0], signedAsIs(header, payload)
                .getBytes(StandardCharsets.UTF_8)).toString(), "--keys", keys.toString()))
                .as("signed as Kronika signs it").startsWith("CHECKPOINT signed");
        List<String[]> twoReadings = List.of(
                new String[]{"the root twice", header, payload.replace("\"root\":", "\"root\":\""
                        + "00".repeat(32) + "\",\"root\":")},
                new String[]{"the key's id twice", header.replace("{", "{\"kid\":\"k2\","), payload},
                new String[]{"text after the payload", header, payload + " {}"});
        for (String[] reading : twoReadings) {
            Path file = saved("twice.jws", new byte[0], signedAsIs(reading[1], reading[2])
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(run("--checkpoint", file.toString(), "--keys", keys.toString())).as(reading[0])
                    .startsWith("REFUSED checkpoint: not a checkpoint as Kronika signs it: ").endsWith("\nexit 1");
        }
    }

    /**
     * Signed, its root the one its heads give, yet not as Kronika signs one: a project with two heads (each reader
     * checks the project against the one it finds first), heads out of project order, or another count than it
     * states. Only a signer with the key that is not Kronika's makes one; it was taken as any other.
     */
    @Test
    void aSignedCheckpointWhoseHeadsAreNotAsKronikaSignsThemIsRefused() throws Exception {
        String header = "{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"typ\":\"" + SignedCheckpoints.TYPE + "\"}";
        Head a = new Head("p-1", 3, "ab".repeat(32));
        Head b = new Head("p-2", 5, "cd".repeat(32));
        Map<String, List<Head>> unlike = Map.of(
                "a project twice", List.of(a, new Head("p-1", 1, "ef".repeat(32))),
                "out of order", List.of(b, a));
        for (var heads : unlike.entrySet()) {
            Checkpoint crafted = new Checkpoint("test-programme", "2026-11-30T12:00:00Z", heads.getValue(),
                    org.kronika.events.checkpoint.MerkleTree.of(heads.getValue()).root(), "periodic");
            assertThat(crafted.rootMatchesHeads()).isTrue();
            Path file = saved("crafted.jws", new byte[0], signedAsIs(header,
                    org.kronika.events.chain.CanonicalJson.write(crafted.json())).getBytes(StandardCharsets.UTF_8));
            assertThat(run("--checkpoint", file.toString(), "--keys", keys.toString())).as(heads.getKey())
                    .startsWith("REFUSED checkpoint: not a checkpoint as Kronika signs it: its heads are not in "
                            + "project order, each project once").endsWith("\nexit 1");
        }
        Map<String, Object> miscounted = new java.util.LinkedHashMap<>(Checkpoint.of("test-programme",
                "2026-11-30T12:00:00Z", List.of(a, b), "periodic").json());
        miscounted.put("size", 3);
        Path file = saved("miscounted.jws", new byte[0], signedAsIs(header,
                org.kronika.events.chain.CanonicalJson.write(miscounted)).getBytes(StandardCharsets.UTF_8));
        assertThat(run("--checkpoint", file.toString(), "--keys", keys.toString()))
                .isEqualTo("REFUSED checkpoint: not a checkpoint as Kronika signs it: it says it signs 3 heads and "
                        + "holds 2\nexit 1");
    }

    /** A JWS over these exact header and payload texts, signed with the test's key. */
    private String signedAsIs(String header, String payload) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signature.sign());
    }

    /**
     * Two keys under one name: the checkpoint verifies with one and not with the other, so the key set, not the
     * checkpoint, is at fault, as the command service holds it when it refuses to start with such a list.
     */
    @Test
    void aKeySetListingOneKeyTwiceIsRefusedNotTheCheckpoint() throws Exception {
        Map<String, Object> other = SignedCheckpoints.jwk("k1", SignedCheckpoints.newKey().getPublic());
        for (List<Map<String, Object>> listed : List.of(List.of(SignedCheckpoints.jwk("k1", key.getPublic()), other),
                List.of(other, SignedCheckpoints.jwk("k1", key.getPublic())))) {
            Path twice = saved("twice.json", new byte[0], new ObjectMapper().writeValueAsBytes(Map.of("keys", listed)));
            assertThat(run("--checkpoint", checkpoint.toString(), "--keys", twice.toString()))
                    .isEqualTo("REFUSED key set: key 'k1' is listed twice in " + twice + "\nexit 1");
        }
    }

    /**
     * A retired key's private part may outlive its retirement (a backup): a checkpoint it signs at or after the time
     * the key set says it was retired is refused, while those it signed before still verify.
     */
    @Test
    void aCheckpointSignedByARetiredKeyAfterItsRetirementIsRefused() throws Exception {
        for (String retiredAt : List.of("2026-11-30T12:00:00Z", "2026-11-30T11:59:59Z")) {
            Path retired = retiredKeySet(retiredAt);
            assertThat(run("--checkpoint", checkpoint.toString(), "--keys", retired.toString())).as(retiredAt)
                    .isEqualTo("REFUSED checkpoint: signed 2026-11-30T12:00:00Z by key 'k1', which the key set says "
                            + "was retired at " + retiredAt + ": a retired key signs nothing, so whoever still holds "
                            + "it signed this one\nexit 1");
        }
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", retiredKeySet("2026-11-30T12:00:01Z")
                .toString())).startsWith("CHECKPOINT signed 2026-11-30T12:00:00Z").endsWith("exit 0");
        Path unreadable = retiredKeySet("last Tuesday");
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", unreadable.toString())).isEqualTo(
                "REFUSED key set: key 'k1' has " + SignedCheckpoints.RETIRED_AT + " \"last Tuesday\", not a time "
                        + "such as 2027-01-04T09:00:00Z, in " + unreadable + "\nexit 1");
    }

    private Path retiredKeySet(String retiredAt) throws Exception {
        Map<String, Object> jwk = new java.util.LinkedHashMap<>(SignedCheckpoints.jwk("k1", key.getPublic()));
        jwk.put(SignedCheckpoints.RETIRED_AT, retiredAt);
        return saved("retired.json", new byte[0], new ObjectMapper().writeValueAsBytes(Map.of("keys",
                List.of(SignedCheckpoints.jwk("k2", SignedCheckpoints.newKey().getPublic()), jwk))));
    }

    private Path saved(String name, byte[] mark, byte[] text) throws Exception {
        byte[] bytes = Arrays.copyOf(mark, mark.length + text.length);
        System.arraycopy(text, 0, bytes, mark.length, text.length);
        return Files.write(folder.resolve(name), bytes);
    }

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n") + "exit " + exit;
    }
}
