package org.kronika.command.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.chain.CanonicalJson;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command side's own checkpoint signing key, and the public keys of the ones it replaced. It is not the OAuth
 * key: tokens and checkpoints are different promises, and rotating one must not touch the other.
 *
 * <p>The private key stays in this object: it is never logged, never part of {@link #toString()}, never served.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final String keyId;
    private final PrivateKey privateKey;
    private final Map<String, PublicKey> publicKeys;
    /** When each retired key that says so stopped signing. */
    private final Map<String, Instant> retiredAt;

    private SigningKeys(String keyId, PrivateKey privateKey, Map<String, PublicKey> publicKeys,
                        Map<String, Instant> retiredAt) {
        this.keyId = keyId;
        this.privateKey = privateKey;
        this.publicKeys = publicKeys;
        this.retiredAt = retiredAt;
    }

    /** The current key from its file (created first where allowed), and the retired keys from configuration. */
    public static SigningKeys load(CheckpointProperties properties) {
        Path file = properties.keyFile();
        if (file == null) {
            throw new IllegalStateException("No checkpoint signing key: set KRONIKA_CHECKPOINTS_KEY_FILE "
                    + "(kronika.checkpoints.key-file) to an Ed25519 private key, PKCS#8 PEM with "
                    + "KRONIKA_CHECKPOINTS_KEY_ID, or a JSON Web Key with its kid (docs/operations.md, \"Checkpoints\")");
        }
        if (properties.createKey() && !Files.exists(file)) {
            create(file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the checkpoint signing key " + file + ": " + e, e);
        }
        Current current = text.strip().startsWith("{") ? fromJwk(text, properties.keyId(), file)
                : fromPem(text, properties.keyId(), file);
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Map<String, Instant> retiredAt = new HashMap<>();
        keys.put(current.keyId(), current.publicKey());
        for (CheckpointProperties.RetiredKey retired : properties.retiredKeys()) {
            if (retired.kid() == null || retired.kid().isBlank() || retired.x() == null) {
                throw new IllegalStateException("A retired checkpoint key needs both kid and x: " + retired);
            }
            if (keys.containsKey(retired.kid())) {
                throw new IllegalStateException("Checkpoint key id '" + retired.kid() + "' is listed twice (current "
                        + "or retired): a kid must name one key, or a checkpoint could verify with the wrong one");
            }
            keys.put(retired.kid(), SignedCheckpoints.publicKey(retired.x()));
            if (retired.retiredAt() != null) {
                retiredAt.put(retired.kid(), retired.retiredAt());
            } else {
                // Right for a key listed before it signs (the first step of a rotation rolled in two): said so.
                log.warn("Retired checkpoint key '{}' has no retired-at: a checkpoint it signs at any time verifies. "
                        + "Once it has stopped signing, set when (kronika.checkpoints.retired-keys[n].retired-at; "
                        + "docs/audit/checkpoints.md, \"Key rotation\"); a key listed ahead of its first signature, "
                        + "in a rotation rolled in two steps, has none until then", retired.kid());
            }
        }
        log.info("Checkpoints are signed with key '{}' from {}; the key set also lists {} retired key(s) {}",
                current.keyId(), file, keys.size() - 1, keys.keySet().stream().skip(1).toList());
        return new SigningKeys(current.keyId(), current.privateKey(), java.util.Collections.unmodifiableMap(keys),
                Map.copyOf(retiredAt));
    }

    public String keyId() {
        return keyId;
    }

    public String sign(Checkpoint checkpoint) {
        return SignedCheckpoints.sign(checkpoint, keyId, privateKey);
    }

    /** When the retired keys that say so stopped signing, by their ids. */
    public Map<String, Instant> retiredAt() {
        return retiredAt;
    }

    /** The keys of this set as the checkpoints table is read by them: which count, and until when. */
    public CheckpointStore.Signers signers() {
        return new CheckpointStore.Signers(keyIds(), retiredAt);
    }

    /** The ids of the keys of this set, current and retired. */
    public java.util.Set<String> keyIds() {
        return publicKeys.keySet();
    }

    /**
     * The checkpoint a JWS signs, if one of these keys (current or retired) signed it, not after its retirement, and
     * its root is its heads'; empty for anything else, which no Kronika key vouched for.
     */
    public java.util.Optional<Checkpoint> verified(String jws) {
        try {
            SignedCheckpoints.Jws parsed = SignedCheckpoints.parse(jws);
            String kid = JSON.readTree(parsed.headerJson()).path("kid").asText(null);
            PublicKey key = kid == null ? null : publicKeys.get(kid);
            if (key == null || !SignedCheckpoints.verify(parsed, key)) {
                return java.util.Optional.empty();
            }
            Checkpoint checkpoint = Checkpoint.fromJson(JSON.readValue(parsed.payloadJson(),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
                    }));
            if (SignedCheckpoints.signedAfterRetirement(Instant.parse(checkpoint.issuedAt()), retiredAt.get(kid))) {
                return java.util.Optional.empty();
            }
            return checkpoint.rootMatchesHeads() ? java.util.Optional.of(checkpoint) : java.util.Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The public keys, the current one first, then the retired ones as configured: {@code GET /api/checkpoints/keys}. */
    public KeySet keySet() {
        List<KeySet.PublicJwk> jwks = new ArrayList<>();
        publicKeys.forEach((kid, key) -> jwks.add(KeySet.PublicJwk.of(SignedCheckpoints.jwk(kid, key),
                retiredAt.get(kid))));
        return new KeySet(List.copyOf(jwks));
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + keyId + ", keys=" + publicKeys.keySet() + "]";
    }

    private record Current(String keyId, PrivateKey privateKey, PublicKey publicKey) {
    }

    private static Current fromPem(String text, String keyId, Path file) {
        int begin = text.indexOf(PEM_BEGIN);
        int end = text.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("The checkpoint signing key " + file + " is neither a PKCS#8 PEM ("
                    + PEM_BEGIN + ") nor a JSON Web Key");
        }
        if (keyId == null) {
            throw new IllegalStateException("The checkpoint signing key " + file + " is a PEM, which names no key: "
                    + "set KRONIKA_CHECKPOINTS_KEY_ID (kronika.checkpoints.key-id)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + PEM_BEGIN.length(), end));
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new Current(keyId, key, publicKeyOf(key));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("The checkpoint signing key " + file + " is not an Ed25519 private key "
                    + "(openssl genpkey -algorithm ed25519 makes one)", e);
        }
    }

    private static Current fromJwk(String text, String configuredKeyId, Path file) {
        try {
            JsonNode jwk = JSON.readTree(text);
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())
                    || !jwk.hasNonNull("d")) {
                throw new IllegalStateException("The checkpoint signing key " + file + " is not an Ed25519 private "
                        + "JSON Web Key (kty OKP, crv Ed25519, with d)");
            }
            String kid = jwk.path("kid").asText(null);
            if (configuredKeyId != null && kid != null && !configuredKeyId.equals(kid)) {
                throw new IllegalStateException("KRONIKA_CHECKPOINTS_KEY_ID is '" + configuredKeyId + "' but the key "
                        + "file " + file + " names itself '" + kid + "'");
            }
            kid = configuredKeyId != null ? configuredKeyId : kid;
            if (kid == null || kid.isBlank()) {
                throw new IllegalStateException("The checkpoint signing key " + file + " has no kid: add one, or set "
                        + "KRONIKA_CHECKPOINTS_KEY_ID");
            }
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, D64.decode(jwk.path("d").asText())));
            PublicKey publicKey = publicKeyOf(key);
            if (jwk.hasNonNull("x") && !SignedCheckpoints.jwk(kid, publicKey).get("x").equals(jwk.path("x").asText())) {
                throw new IllegalStateException("The checkpoint signing key " + file + ": its x is not the public "
                        + "key of its d");
            }
            return new Current(kid, key, publicKey);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The checkpoint signing key " + file + " is not a readable JSON Web Key: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Java 17 has no API that computes an Ed25519 public key from its private key. The key pair generator does
     * exactly that from 32 random bytes, which are the private key (RFC 8032 section 5.1.5); given the private
     * key's bytes as its "random" source, it computes this key's public key. A probe signature checks the result.
     */
    static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(
                () -> new GeneralSecurityException("the private key's bytes are not available"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        PublicKey publicKey = generator.generateKeyPair().getPublic();
        byte[] probe = "kronika checkpoint key probe".getBytes(StandardCharsets.US_ASCII);
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("could not derive the public key of the private key");
        }
        return publicKey;
    }

    /**
     * A new key as a JSON Web Key file, readable by its owner only. Its kid is taken from its RFC 7638 thumbprint,
     * so a key created after the local data was deleted never reuses an earlier key's id.
     */
    private static void create(Path file) {
        KeyPair pair = SignedCheckpoints.newKey();
        Map<String, Object> jwk = new LinkedHashMap<>(SignedCheckpoints.jwk("", pair.getPublic()));
        String kid = "local-" + thumbprint((String) jwk.get("x")).substring(0, 16);
        jwk.put("kid", kid);
        jwk.put("d", B64.encodeToString(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow()));
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".checkpoint-key", ".tmp");
            try {
                ownerOnly(temporary);
                Files.writeString(temporary, JSON.writeValueAsString(jwk), StandardCharsets.US_ASCII);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the checkpoint signing key " + file, e);
        }
        log.info("Created checkpoint signing key '{}' in {}", kid, file);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits its directory's ACL
        }
    }

    private static String thumbprint(String x) {
        Map<String, Object> members = Map.of("crv", "Ed25519", "kty", "OKP", "x", x);
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.write(members).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
