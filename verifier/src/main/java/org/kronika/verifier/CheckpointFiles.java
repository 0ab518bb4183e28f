package org.kronika.verifier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a signed checkpoint (a JWS file) and the key set it was published with (a JWKS file), and trusts the
 * checkpoint only if a listed key signed it and its Merkle root is the one its heads give.
 */
final class CheckpointFiles {

    /**
     * Strict, as an event is read: a checkpoint whose header or payload names a member twice has two readings, and
     * another verifier could take the other one. Kronika's signer writes neither, so one holding it is refused, even
     * signed.
     */
    private static final ObjectMapper JSON = StrictJson.MAPPER;
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private CheckpointFiles() {
    }

    static Checkpoint verified(Path jwsFile, Path keysFile) throws IOException {
        Map<String, Key> keys = keys(keysFile);
        // Saved as an export is (curl ... > file), so read as one is: a byte-order mark passed over, UTF-16 refused.
        String text = ExportFiles.savedText(jwsFile);
        SignedCheckpoints.Jws jws;
        JsonNode header;
        try {
            jws = SignedCheckpoints.parse(text);
            header = JSON.readTree(jws.headerJson());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // A signature stripped, text appended, a part that is not base64url: the file was altered, which is a
            // finding about the checkpoint, not an input the verifier could not read.
            throw new Refused("not a checkpoint as Kronika signs it: " + (e instanceof
                    com.fasterxml.jackson.core.JsonProcessingException json ? "its header is not JSON ("
                    + json.getOriginalMessage() + ")" : e.getMessage()));
        }
        if (!"EdDSA".equals(header.path("alg").asText())) {
            throw new Refused("checkpoint signed with " + header.path("alg").asText()
                    + "; only EdDSA (Ed25519) is accepted");
        }
        Key listed = keys.get(header.path("kid").asText());
        if (listed == null) {
            throw new Refused("checkpoint signed with key '" + header.path("kid").asText()
                    + "', which the key set does not list");
        }
        if (!SignedCheckpoints.verify(jws, listed.key())) {
            throw new Refused("checkpoint signature does not verify with key '"
                    + header.path("kid").asText() + "': it was not signed by that key, or it was changed");
        }
        Checkpoint checkpoint;
        Map<String, Object> payload;
        try {
            payload = JSON.readValue(jws.payloadJson(), PAYLOAD);
            checkpoint = Checkpoint.fromJson(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused("not a checkpoint as Kronika signs it: its payload is not JSON as Kronika writes it ("
                    + e.getOriginalMessage() + ")");
        }
        if (!checkpoint.rootMatchesHeads()) {
            throw new Refused("checkpoint's Merkle root does not match its heads");
        }
        if (SignedCheckpoints.signedAfterRetirement(signedAt(checkpoint), listed.retiredAt())) {
            throw new Refused("signed " + checkpoint.issuedAt() + " by key '" + header.path("kid").asText()
                    + "', which the key set says was retired at " + listed.retiredAt() + ": a retired key signs "
                    + "nothing, so whoever still holds it signed this one");
        }
        asKronikaSignsIt(checkpoint, payload.get("size"));
        return checkpoint;
    }

    /**
     * Signed, and its root its heads', yet not as Kronika signs one: its heads out of project order, or a project
     * with two (which one an auditor is shown, and checked against, depends on the reader), or another count than
     * it states. Only a signer that is not Kronika's, with its key, makes one.
     */
    private static void asKronikaSignsIt(Checkpoint checkpoint, Object size) {
        var heads = checkpoint.heads();
        for (int i = 1; i < heads.size(); i++) {
            if (heads.get(i - 1).projectId().compareTo(heads.get(i).projectId()) >= 0) {
                throw new Refused("not a checkpoint as Kronika signs it: its heads are not in project order, each "
                        + "project once (" + heads.get(i - 1).projectId() + " before " + heads.get(i).projectId() + ")");
            }
        }
        if (!(size instanceof Number count) || count.longValue() != heads.size()) {
            throw new Refused("not a checkpoint as Kronika signs it: it says it signs " + size + " heads and holds "
                    + heads.size());
        }
    }

    private static Instant retiredAt(JsonNode jwk, Path keysFile) {
        JsonNode retiredAt = jwk.path(SignedCheckpoints.RETIRED_AT);
        if (retiredAt.isMissingNode()) {
            return null;
        }
        try {
            return Instant.parse(retiredAt.asText());
        } catch (java.time.format.DateTimeParseException e) {
            // Read as no retirement, it would let the key sign for ever: the key set is not one Kronika serves.
            throw new Refused("key set", "key '" + jwk.path("kid").asText() + "' has " + SignedCheckpoints.RETIRED_AT
                    + " " + retiredAt + ", not a time such as 2027-01-04T09:00:00Z, in " + keysFile);
        }
    }

    /** When the checkpoint says it was signed; Kronika writes an ISO-8601 instant. */
    private static Instant signedAt(Checkpoint checkpoint) {
        try {
            return Instant.parse(checkpoint.issuedAt());
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refused("not a checkpoint as Kronika signs it: issued at " + checkpoint.issuedAt()
                    + ", not a time");
        }
    }

    /**
     * A checkpoint the key set does not vouch for: a finding about the checkpoint (forged, altered, or signed by a
     * key the auditor does not trust), not a mistake in the command that asked.
     */
    static final class Refused extends IllegalArgumentException {

        /** What is refused: the checkpoint, or the key set it is checked with. */
        final String what;

        Refused(String message) {
            this("checkpoint", message);
        }

        Refused(String what, String message) {
            super(message);
            this.what = what;
        }
    }

    /** A key of the key set, and when it was retired, if it was and the set says so. */
    record Key(PublicKey key, Instant retiredAt) {
    }

    static Map<String, Key> keys(Path keysFile) throws IOException {
        Map<String, Key> keys = new HashMap<>();
        java.util.Set<String> listed = new java.util.HashSet<>();
        JsonNode keySet;
        try {
            keySet = JSON.readTree(ExportFiles.savedText(keysFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(keysFile + " is not JSON as Kronika serves a key set (" + e.getOriginalMessage()
                    + ")", e);
        }
        for (JsonNode jwk : keySet.path("keys")) {
            // Two keys under one name: whichever a reader takes, a checkpoint could verify with one and not the other.
            // The command service refuses to start with such a list (SigningKeys); it never publishes one.
            if (!listed.add(jwk.path("kid").asText())) {
                throw new Refused("key set", "key '" + jwk.path("kid").asText() + "' is listed twice in " + keysFile);
            }
            if ("OKP".equals(jwk.path("kty").asText()) && "Ed25519".equals(jwk.path("crv").asText())) {
                keys.put(jwk.path("kid").asText(), new Key(SignedCheckpoints.publicKey(jwk.path("x").asText()),
                        retiredAt(jwk, keysFile)));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no Ed25519 key in " + keysFile);
        }
        return keys;
    }
}
