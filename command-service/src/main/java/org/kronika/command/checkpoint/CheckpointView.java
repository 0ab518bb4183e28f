package org.kronika.command.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A published checkpoint: the signed JWS, which is the checkpoint, and for reading its payload decoded. Verify the
 * JWS, not the decoded members (docs/audit/checkpoints.md). Every member but the id is read from the JWS itself, not
 * from the columns that repeat it: a column edited in the database would otherwise be served as what was signed.
 */
@Schema(description = "A signed checkpoint: the JWS (what to keep and verify) and its payload, decoded")
public record CheckpointView(
        @Schema(description = "the checkpoint's number on this command service") long id,
        @Schema(example = "kosovo-albania-civil-society") String programme,
        @Schema(description = "when it was signed, RFC 3339 UTC", example = "2026-11-30T12:00:00Z") String issuedAt,
        @Schema(description = "periodic, or approval {projectId} {periodId}", example = "periodic") String reason,
        @Schema(description = "the number of heads") int size,
        @Schema(description = "RFC 6962 Merkle root over the heads") String root,
        @Schema(description = "the key that signed it, in GET /api/checkpoints/keys") String keyId,
        @Schema(description = "the checkpoint, signed: a JWS compact serialisation (EdDSA, Ed25519)") String jws,
        @Schema(description = "every stream's head, sorted by subject: a project's id, or programme:{id}")
        List<Head> heads) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    static CheckpointView of(CheckpointStore.Stored stored) {
        Decoded decoded = Decoded.of(stored);
        Checkpoint checkpoint = decoded.checkpoint();
        return new CheckpointView(stored.id(), checkpoint.programme(), checkpoint.issuedAt(), checkpoint.reason(),
                checkpoint.heads().size(), checkpoint.root(), decoded.keyId(), stored.jws(), checkpoint.heads());
    }

    /** One checkpoint of the history: everything but the heads, which its JWS holds. */
    public record Summary(long id, String issuedAt, String reason, int size, String root, String keyId, String jws) {

        static Summary of(CheckpointStore.Stored stored) {
            Decoded decoded = Decoded.of(stored);
            Checkpoint checkpoint = decoded.checkpoint();
            return new Summary(stored.id(), checkpoint.issuedAt(), checkpoint.reason(), checkpoint.heads().size(),
                    checkpoint.root(), decoded.keyId(), stored.jws());
        }
    }

    /** A stored checkpoint's JWS read: its payload, and the key its header names. */
    private record Decoded(Checkpoint checkpoint, String keyId) {

        static Decoded of(CheckpointStore.Stored stored) {
            try {
                SignedCheckpoints.Jws jws = SignedCheckpoints.parse(stored.jws());
                return new Decoded(Checkpoint.fromJson(JSON.readValue(jws.payloadJson(), PAYLOAD)),
                        JSON.readTree(jws.headerJson()).path("kid").asText());
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException("Stored checkpoint " + stored.id() + " is not readable",
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    /** Published checkpoints, the latest first. */
    public record Page(List<Summary> items, int page, int size, long totalItems, long totalPages) {
    }
}
