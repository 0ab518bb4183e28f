package org.kronika.events.checkpoint;

import org.kronika.events.chain.CanonicalJson;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoints as JWS compact serialisations (RFC 7515) signed with Ed25519 ({@code "alg":"EdDSA"}, RFC 8037). The
 * payload is the checkpoint's RFC 8785 canonical JSON, so a verifier in any language can rebuild and check it; the
 * header names the key ({@code kid}), so old checkpoints stay verifiable after the key is rotated, as long as the
 * published key set still lists the old key.
 */
public final class SignedCheckpoints {

    public static final String TYPE = "kronika-checkpoint+jws";
    /**
     * The media type of a JWS compact serialisation (RFC 7515, section 9.2.1): the {@code content-type} of a
     * checkpoint on its topic and of {@code GET /api/checkpoints} asked for the JWS, as docs/partners/asyncapi.yaml
     * describes it.
     */
    public static final String MEDIA_TYPE = "application/jose";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();

    private SignedCheckpoints() {
    }

    public static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    public static String sign(Checkpoint checkpoint, String keyId, PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "EdDSA");
        header.put("kid", keyId);
        header.put("typ", TYPE);
        String signingInput = B64.encodeToString(CanonicalJson.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(CanonicalJson.write(checkpoint.json()).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a checkpoint: " + e.getMessage(), e);
        }
    }

    /** The parts of a JWS as read, before anything is trusted. */
    public record Jws(String headerJson, String payloadJson, byte[] signingInput, byte[] signature) {
    }

    public static Jws parse(String compact) {
        // Every part counted, empty ones too: a dot appended is a fourth part, not nothing.
        String[] parts = compact.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("A JWS compact serialisation has three parts, not " + parts.length);
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("A JWS compact serialisation has three parts, and one is empty");
            }
            // JWS writes base64url without padding (RFC 7515, section 2); Java's decoder would take it.
            if (part.indexOf('=') >= 0) {
                throw new IllegalArgumentException("A JWS part is base64url without padding, and this one has '='");
            }
        }
        return new Jws(new String(D64.decode(parts[0]), StandardCharsets.UTF_8),
                new String(D64.decode(parts[1]), StandardCharsets.UTF_8),
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), D64.decode(parts[2]));
    }

    /** Whether {@code key} signed this JWS. */
    public static boolean verify(Jws jws, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(jws.signingInput());
            return signature.verify(jws.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The member of a retired key's JSON Web Key that says when it stopped signing (an ISO-8601 instant): a checkpoint
     * it signs at or after that time is not Kronika's. A name of our own, as RFC 7517 section 4 asks of one it does not
     * define.
     */
    public static final String RETIRED_AT = "kronika_retired_at";

    /**
     * Whether a checkpoint dated {@code issuedAt} was signed at or after its key's retirement, so not by Kronika; never
     * for a key with no retirement ({@code retiredAt} null).
     */
    public static boolean signedAfterRetirement(java.time.Instant issuedAt, java.time.Instant retiredAt) {
        return retiredAt != null && !issuedAt.isBefore(retiredAt);
    }

    /** The public key as an OKP JSON Web Key (RFC 8037): {@code x} is its 32 bytes, base64url. */
    public static Map<String, Object> jwk(String keyId, PublicKey key) {
        EdECPoint point = ((EdECPublicKey) key).getPoint();
        byte[] y = point.getY().toByteArray();
        byte[] raw = new byte[32];
        // The encoding is y little-endian, with x's parity in the top bit of the last byte.
        for (int i = 0; i < 32 && i < y.length; i++) {
            raw[i] = y[y.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[31] |= (byte) 0x80;
        }
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        jwk.put("x", B64.encodeToString(raw));
        return jwk;
    }

    /** The public key of an OKP Ed25519 JSON Web Key's {@code x}. */
    public static PublicKey publicKey(String x) {
        byte[] raw = D64.decode(x);
        if (raw.length != 32) {
            throw new IllegalArgumentException("An Ed25519 public key has 32 bytes, not " + raw.length);
        }
        boolean xOdd = (raw[31] & 0x80) != 0;
        byte[] littleEndian = Arrays.copyOf(raw, 32);
        littleEndian[31] &= 0x7f;
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = littleEndian[31 - i];
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519,
                    new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key: " + e.getMessage(), e);
        }
    }
}
