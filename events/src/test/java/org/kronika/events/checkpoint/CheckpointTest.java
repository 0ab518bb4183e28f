package org.kronika.events.checkpoint;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Merkle roots and inclusion proofs as RFC 6962 defines them, and Ed25519 JWS as RFC 7515 and 8037 do. */
class CheckpointTest {

    /** RFC 6962's reference leaves, and the roots of their first n, as Certificate Transparency's tests state them. */
    private static final List<byte[]> LEAVES = List.of(new byte[0], HexFormat.of().parseHex("00"),
            HexFormat.of().parseHex("10"), HexFormat.of().parseHex("2021"), HexFormat.of().parseHex("3031"),
            HexFormat.of().parseHex("40414243"), HexFormat.of().parseHex("5051525354555657"),
            HexFormat.of().parseHex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsAreThoseOfRfc6962sReferenceVectors() {
        assertThat(MerkleTree.ofLeafData(List.of()).root())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int n = 1; n <= LEAVES.size(); n++) {
            assertThat(MerkleTree.ofLeafData(LEAVES.subList(0, n)).root()).as("root of %d leaves", n)
                    .isEqualTo(ROOTS.get(n - 1));
        }
    }

    @Test
    void everyLeafOfEveryTreeSizeHasAnInclusionProofAndOnlyItsOwnVerifies() {
        for (int size = 1; size <= 33; size++) {
            List<Head> heads = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                heads.add(new Head("p" + (char) ('a' + i % 26) + i, i * 7L, "%064x".formatted(i)));
            }
            Checkpoint checkpoint = Checkpoint.of("programme", "2026-11-30T00:00:00Z", heads, "periodic");
            MerkleTree tree = MerkleTree.of(checkpoint.heads());
            for (int i = 0; i < size; i++) {
                Head head = checkpoint.heads().get(i);
                List<String> proof = tree.inclusionProof(i);
                assertThat(MerkleTree.verifyInclusion(head, i, size, proof, checkpoint.root())).isTrue();
                Head cut = new Head(head.projectId(), head.sequence() - 1, head.hash());
                assertThat(MerkleTree.verifyInclusion(cut, i, size, proof, checkpoint.root())).as("a head cut short")
                        .isFalse();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion(head, (i + 1) % size, size, proof, checkpoint.root()))
                            .as("at another place").isFalse();
                }
            }
        }
    }

    @Test
    void aCheckpointWhoseHeadsWereEditedNoLongerMatchesItsRoot() {
        Checkpoint checkpoint = Checkpoint.of("programme", "2026-11-30T00:00:00Z",
                List.of(new Head("b", 4, "b".repeat(64)), new Head("a", 9, "a".repeat(64))), "periodic");
        assertThat(checkpoint.heads()).extracting(Head::projectId).containsExactly("a", "b");
        assertThat(checkpoint.rootMatchesHeads()).isTrue();
        Checkpoint edited = new Checkpoint(checkpoint.programme(), checkpoint.issuedAt(),
                List.of(new Head("a", 8, "a".repeat(64)), checkpoint.heads().get(1)), checkpoint.root(), "periodic");
        assertThat(edited.rootMatchesHeads()).isFalse();
    }

    @Test
    void ed25519JwsMatchesRfc8037sExample() throws Exception {
        // RFC 8037, appendix A.1 (the key) and A.4 (the signature).
        byte[] d = Base64.getUrlDecoder().decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
        var key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, d));
        String input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        String expected = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign())).isEqualTo(expected);

        var publicKey = SignedCheckpoints.publicKey("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assertThat(SignedCheckpoints.verify(SignedCheckpoints.parse(input + "." + expected), publicKey)).isTrue();
        assertThat(SignedCheckpoints.jwk("rfc", publicKey).get("x")).isEqualTo("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    }

    @Test
    void aCheckpointVerifiesWithItsKeyOnlyAndNotOnceChanged() {
        KeyPair key = SignedCheckpoints.newKey();
        KeyPair other = SignedCheckpoints.newKey();
        Checkpoint checkpoint = Checkpoint.of("programme", "2026-11-30T00:00:00Z",
                List.of(new Head("a", 3, "a".repeat(64))), "periodic");
        String jws = SignedCheckpoints.sign(checkpoint, "k1", key.getPrivate());

        var parsed = SignedCheckpoints.parse(jws);
        assertThat(parsed.headerJson()).contains("\"kid\":\"k1\"").contains("\"alg\":\"EdDSA\"");
        var published = SignedCheckpoints.publicKey((String) SignedCheckpoints.jwk("k1", key.getPublic()).get("x"));
        assertThat(SignedCheckpoints.verify(parsed, published)).isTrue();
        assertThat(SignedCheckpoints.verify(parsed, other.getPublic())).as("another key").isFalse();

        String[] parts = jws.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                parsed.payloadJson().replace("\"sequence\":3", "\"sequence\":2").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(SignedCheckpoints.verify(SignedCheckpoints.parse(forged), key.getPublic())).isFalse();
    }

    /** The test vectors of docs/audit/checkpoints.md are read from the document, so it cannot drift from the code. */
    @Test
    void theDocumentedTestVectorsAreWhatTheCodeProduces() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "audit", "checkpoints.md"));
        List<Head> heads = new ArrayList<>();
        Matcher row = Pattern.compile("\\| `([a-z0-9-]+)` \\| (\\d+) \\| `([0-9a-f]{64})` \\|").matcher(doc);
        while (row.find()) {
            heads.add(new Head(row.group(1), Long.parseLong(row.group(2)), row.group(3)));
        }
        assertThat(heads).hasSize(3);
        Checkpoint checkpoint = Checkpoint.of("kosovo-albania-civil-society", "2026-11-30T12:00:00Z", heads, "periodic");
        MerkleTree tree = MerkleTree.of(checkpoint.heads());
        Matcher leaf = Pattern.compile("leaf ([a-z0-9-]+) +([0-9a-f]{64})").matcher(doc);
        for (Head head : checkpoint.heads()) {
            assertThat(leaf.find()).isTrue();
            assertThat(leaf.group(1)).isEqualTo(head.projectId());
            assertThat(HexFormat.of().formatHex(MerkleTree.leafHash(head))).isEqualTo(leaf.group(2));
        }
        assertThat(doc).contains("Root: `" + checkpoint.root() + "`");
        assertThat(doc).contains("proof 1 of 3: " + String.join(" ", tree.inclusionProof(1)));

        byte[] d = Base64.getUrlDecoder().decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
        var key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, d));
        String jws = SignedCheckpoints.sign(checkpoint, "kronika-checkpoints-2026", key);
        assertThat(doc).contains("jws " + jws);
        assertThat(doc).contains(SignedCheckpoints.parse(jws).payloadJson());
    }
}
