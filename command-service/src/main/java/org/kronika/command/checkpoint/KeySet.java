package org.kronika.command.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.events.checkpoint.SignedCheckpoints;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public keys checkpoints are verified with, as a JSON Web Key Set (RFC 7517): the current signing key and
 * every retired one. Never a private key.
 */
@Schema(description = "JSON Web Key Set of the checkpoint signing keys: the current one first, then the retired ones")
public record KeySet(List<PublicJwk> keys) {

    /** An Ed25519 public key as an OKP JSON Web Key (RFC 8037). */
    public record PublicJwk(
            @Schema(example = "OKP") String kty,
            @Schema(example = "Ed25519") String crv,
            @Schema(description = "the key id a checkpoint's JWS header names", example = "kronika-checkpoints-2026")
            String kid,
            @Schema(example = "sig") String use,
            @Schema(example = "EdDSA") String alg,
            @Schema(description = "the public key, 32 bytes, base64url",
                    example = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo") String x,
            @Schema(description = "a retired key only: when it stopped signing. A checkpoint it signs at or after this "
                    + "time is not Kronika's (docs/audit/checkpoints.md, \"Key rotation\")",
                    example = "2027-01-04T09:00:00Z", nullable = true)
            @JsonProperty(SignedCheckpoints.RETIRED_AT) @JsonInclude(JsonInclude.Include.NON_NULL) String retiredAt) {

        static PublicJwk of(Map<String, Object> jwk, Instant retiredAt) {
            return new PublicJwk((String) jwk.get("kty"), (String) jwk.get("crv"), (String) jwk.get("kid"),
                    (String) jwk.get("use"), (String) jwk.get("alg"), (String) jwk.get("x"),
                    retiredAt == null ? null : retiredAt.toString());
        }
    }
}
