package org.kronika.command.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A published checkpoint: the signed JWS, which is the checkpoint, and for reading its payload decoded. Verify the
 * JWS, not the decoded members (docs/audit/checkpoints.md). Every member but the id is read from the JWS itself, not
 * from the columns that repeat it: a column edited in the database would otherwise be served as what was signed.
 * Only a checkpoint the key set verifies is served as one; the history shows the others marked.
 */
@Schema(description = "A signed checkpoint: the JWS (what to keep and verify) and its payload, decoded")
public record CheckpointView(
        @Schema(description = "the checkpoint's number on this command service") long id,
        @Schema(example = "kosovo-albania-civil-society") String programme,
        @Schema(description = "when it was signed, RFC 3339 UTC", example = "2026-11-30T12:00:00Z") String issuedAt,
        @Schema(description = "periodic, approval {projectId} {periodId}, or closure {projectId}", example = "periodic") String reason,
        @Schema(description = "the number of heads") int size,
        @Schema(description = "RFC 6962 Merkle root over the heads") String root,
        @Schema(description = "the key that signed it, in GET /api/checkpoints/keys") String keyId,
        @Schema(description = "the checkpoint, signed: a JWS compact serialisation (EdDSA, Ed25519)") String jws,
        @Schema(description = "every stream's head, sorted by subject: a project's id, or programme:{id}")
        List<Head> heads) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    /** One checkpoint of the history: everything but the heads, which its JWS holds. */
    @Schema(description = "A published checkpoint as stored, decoded from its JWS, and whether the key set verifies it")
    public record Summary(
            long id,
            @Schema(description = "null if its JWS cannot be read") String issuedAt,
            @Schema(description = "null if its JWS cannot be read") String reason,
            @Schema(description = "null if its JWS cannot be read") Integer size,
            @Schema(description = "null if its JWS cannot be read") String root,
            @Schema(description = "null if its JWS cannot be read") String keyId,
            String jws,
            @Schema(description = "whether a key of GET /api/checkpoints/keys signed it, and its root is its heads': "
                    + "rely on none that is not") boolean verified,
            @Schema(description = "why it is not verified; null when it is") String problem) {

        /**
         * Each row on its own: one that was changed in the database, or signed by a key the set no longer lists, is
         * shown as such, in its place, instead of failing every page it is on.
         */
        static Summary of(CheckpointStore.Stored stored, SigningKeys keys) {
            Decoded decoded;
            try {
                decoded = Decoded.of(stored);
            } catch (IOException | RuntimeException unreadable) {
                return new Summary(stored.id(), null, null, null, null, null, stored.jws(), false,
                        "its JWS cannot be read: the row was changed in the database");
            }
            Checkpoint checkpoint = decoded.checkpoint();
            boolean verified = keys.verified(stored.jws()).isPresent();
            return new Summary(stored.id(), checkpoint.issuedAt(), checkpoint.reason(), checkpoint.heads().size(),
                    checkpoint.root(), decoded.keyId(), stored.jws(), verified, verified ? null
                    : "the key set does not verify it: signed by a key it does not list, by a retired key since its "
                    + "retirement, or changed since");
        }
    }

    /**
     * A stored checkpoint the key set verifies, with the time it was signed as its JWS says; empty for one it does
     * not verify, or whose time cannot be read.
     */
    record Verified(CheckpointStore.Stored stored, Checkpoint checkpoint, String keyId, Instant issuedAt) {

        static Optional<Verified> of(CheckpointStore.Stored stored, SigningKeys keys) {
            Optional<Checkpoint> checkpoint = keys.verified(stored.jws());
            if (checkpoint.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Verified(stored, checkpoint.get(), Decoded.of(stored).keyId(),
                        Instant.parse(checkpoint.get().issuedAt())));
            } catch (IOException | RuntimeException unreadable) {
                return Optional.empty();
            }
        }

        CheckpointView view() {
            return new CheckpointView(stored.id(), checkpoint.programme(), checkpoint.issuedAt(), checkpoint.reason(),
                    checkpoint.heads().size(), checkpoint.root(), keyId, stored.jws(), checkpoint.heads());
        }
    }

    /** A stored checkpoint's JWS read (not verified): its payload, and the key its header names. */
    private record Decoded(Checkpoint checkpoint, String keyId) {

        static Decoded of(CheckpointStore.Stored stored) throws IOException {
            SignedCheckpoints.Jws jws = SignedCheckpoints.parse(stored.jws());
            return new Decoded(Checkpoint.fromJson(JSON.readValue(jws.payloadJson(), PAYLOAD)), JSON.readTree(jws.headerJson()).path("kid").asText());
        }
    }

    /** Published checkpoints, the latest first. */
    public record Page(List<Summary> items, int page, int size, long totalItems, long totalPages) {
    }
}
