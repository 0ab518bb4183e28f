package org.kronika.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.ChainWalk;

import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.MerkleTree;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Inclusion proofs: that a project's head is one of those a checkpoint signed (RFC 6962 audit path), and, for one
 * event, the part of the project's chain from that event to the signed head, which anyone can recompute.
 */
final class Proofs {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    private Proofs() {
    }

    /** Writes the proof to {@code out}, and to {@code findings} why there is none. */
    static int prove(String projectId, Checkpoint checkpoint, String exportFile, String sequence, PrintStream out,
                     PrintStream findings) throws IOException {
        int index = checkpoint.indexOf(projectId);
        if (index < 0) {
            findings.println("NOT IN CHECKPOINT " + projectId);
            return 1;
        }
        Head head = checkpoint.heads().get(index);
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("programme", checkpoint.programme());
        proof.put("issuedAt", checkpoint.issuedAt());
        proof.put("root", checkpoint.root());
        proof.put("size", checkpoint.heads().size());
        proof.put("index", index);
        proof.put("head", head.json());
        proof.put("auditPath", MerkleTree.of(checkpoint.heads()).inclusionProof(index));
        if (sequence != null) {
            long from = CommandLine.sequence(sequence);
            // Read as strictly as --file reads it, and checked as it checks it, up to the signed head: a proof is
            // only written for an export that holds the project's chain intact that far; else it would prove
            // nothing and say so only when someone checks it.
            ExportFiles.Exported export = ExportFiles.read(Path.of(exportFile), projectId);
            Copy signedPart = export.copy().upTo(head.sequence());
            java.io.ByteArrayOutputStream finding = new java.io.ByteArrayOutputStream();
            if (!ChainCheck.holds(signedPart, checkpoint,
                    new PrintStream(finding, true, java.nio.charset.StandardCharsets.UTF_8))) {
                findings.println("NOT PROVEN event " + from + " of " + projectId + ": the export does not hold its chain,"
                        + " intact, up to the signed head " + head.sequence() + ": "
                        + finding.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
                return 1;
            }
            List<Map<String, Object>> chain = export.between(from, head.sequence());
            if (chain.isEmpty() || ((Number) chain.get(0).get("sequence")).longValue() != from) {
                findings.println("NOT IN EXPORT event " + from + " of " + projectId + ": the export holds no such event up"
                        + " to the signed head " + head.sequence());
                return 1;
            }
            proof.put("event", from);
            proof.put("chain", chain);
        }
        out.println(JSON.writeValueAsString(proof));
        return 0;
    }

    /** Checks a proof against the checkpoint: the head is in its tree, and the chain from the event reaches it. */
    static int check(Path proofFile, Checkpoint checkpoint, PrintStream out) throws IOException {
        Proof proof;
        try {
            proof = Proof.read(Files.readAllBytes(proofFile));
        } catch (Malformed e) {
            out.println("INVALID proof: " + e.getMessage() + ": it is not a proof as the verifier writes it");
            return 1;
        }
        Head head = proof.head();
        if (!proof.root().equals(checkpoint.root()) || !MerkleTree.verifyInclusion(head, proof.index(),
                checkpoint.heads().size(), proof.auditPath(), checkpoint.root())) {
            out.println("INVALID proof: head " + head.projectId() + "#" + head.sequence() + " is not in the checkpoint");
            return 1;
        }
        if (proof.chain() != null) {
            List<ChainLink> events = proof.chain();
            if (events.isEmpty() || events.get(events.size() - 1).sequence() != head.sequence()) {
                out.println("INVALID proof: its chain does not end at the signed head " + head.sequence());
                return 1;
            }
            long first = events.get(0).sequence();
            // The event proven is the chain's first, whatever the proof says of itself.
            if (proof.event() != first) {
                out.println("INVALID proof: its chain starts at event " + first + ", not at the event it names ("
                        + proof.event() + ")");
                return 1;
            }
            // Walked as an export's chain is: content without a canonical form breaks it too, and says so.
            ChainWalk walk = ChainWalk.after(head.projectId(), first, events.get(0).prevHash());
            for (ChainLink link : events) {
                if (!walk.next(link)) {
                    ChainVerdict broken = walk.verdict(null);
                    out.println("INVALID proof: the chain breaks at event " + broken.brokenAt() + ": "
                            + broken.reason());
                    return 1;
                }
            }
            if (!walk.verdict(null).headHash().equals(head.hash())) {
                out.println("INVALID proof: the chain does not reach the signed head's hash");
                return 1;
            }
            out.println("PROVEN  event " + proof.event() + " of " + head.projectId()
                    + " leads, unchanged, to the head the checkpoint signed (event " + head.sequence() + ")");
            return 0;
        }
        out.println("PROVEN  " + head.projectId() + " head " + head.sequence() + " is in the checkpoint of "
                + checkpoint.issuedAt());
        return 0;
    }

    /**
     * A proof as {@link #prove} writes it, read as strictly as an export: a member named twice, anything after the
     * proof or a member of the wrong kind would give it two readings, one of which another verifier could check.
     *
     * @param event the event proven, and {@code chain} the events from it to the head; both null for a head's proof
     */
    private record Proof(String root, int index, Head head, List<String> auditPath, Long event, List<ChainLink> chain) {

        static Proof read(byte[] file) throws Malformed {
            JsonNode proof;
            try {
                proof = StrictJson.MAPPER.readTree(file);
            } catch (IOException e) {
                throw new Malformed("it is not one JSON object (" + (e instanceof JsonProcessingException json
                        ? json.getOriginalMessage() : e.getMessage()) + ")");
            }
            if (proof == null || !proof.isObject()) {
                throw new Malformed("it is not one JSON object");
            }
            Head head = new Head(text(proof, "/head/projectId"), whole(proof, "/head/sequence"),
                    text(proof, "/head/hash"));
            long index = whole(proof, "/index");
            if (index < 0 || index > Integer.MAX_VALUE) {
                throw new Malformed("index is " + index + ", not a place in a tree");
            }
            try {
                MerkleTree.leafHash(head);
            } catch (IllegalArgumentException noCanonicalForm) {
                // Kronika signs no head without one: its leaf, and so its place in the tree, cannot be computed.
                throw new Malformed("/head has no canonical form (" + noCanonicalForm.getMessage() + ")");
            }
            List<String> path = new ArrayList<>();
            for (int step = 0; step < array(proof, "/auditPath").size(); step++) {
                path.add(hash(proof, "/auditPath/" + step));
            }
            if (!proof.has("chain")) {
                return new Proof(text(proof, "/root"), (int) index, head, path, null, null);
            }
            List<ChainLink> chain = new ArrayList<>();
            for (int at = 0; at < array(proof, "/chain").size(); at++) {
                String where = "/chain/" + at;
                if (!proof.at(where).isObject()) {
                    throw new Malformed(where + " is " + proof.at(where) + ", not an event");
                }
                // A member no exported event has is covered by no hash: in a proof it would read as proven.
                String added = ExportFiles.unwritten(() -> proof.at(where).fieldNames());
                if (added != null) {
                    throw new Malformed(where + " carries " + added + ", which no event has and no hash covers");
                }
                // Its chain is walked as the head's project's, whatever it says: one naming another would be quoted
                // as that project's event, proven.
                JsonNode named = proof.at(where + "/projectId");
                if (!named.isMissingNode() && !(named.isTextual() && named.asText().equals(head.projectId()))) {
                    throw new Malformed(where + " names project " + named + ", not the signed head's "
                            + head.projectId());
                }
                try {
                    ChainLink link = ExportFiles.link(
                            StrictJson.MAPPER.convertValue(proof.at(where), StrictJson.OBJECT), head.projectId());
                    if (link.prevHash() == null || link.hash() == null) {
                        throw new Malformed(where + " has no " + (link.prevHash() == null ? "prevHash" : "hash"));
                    }
                    chain.add(link);
                } catch (ExportFiles.NotAnEvent e) {
                    throw new Malformed(where + ": " + e.getMessage());
                }
            }
            return new Proof(text(proof, "/root"), (int) index, head, path, whole(proof, "/event"), chain);
        }

        private static String text(JsonNode proof, String pointer) throws Malformed {
            JsonNode value = proof.at(pointer);
            if (!value.isTextual()) {
                throw new Malformed(pointer + " is " + shown(value) + ", not a string");
            }
            return value.asText();
        }

        /** A SHA-256 hash, in hex (either case reads as the same bytes). */
        private static String hash(JsonNode proof, String pointer) throws Malformed {
            String hash = text(proof, pointer);
            if (!HASH.matcher(hash).matches()) {
                throw new Malformed(pointer + " is " + proof.at(pointer) + ", not 64 hex digits");
            }
            return hash;
        }

        private static long whole(JsonNode proof, String pointer) throws Malformed {
            JsonNode value = proof.at(pointer);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new Malformed(pointer + " is " + shown(value) + ", not a whole number");
            }
            return value.asLong();
        }

        private static JsonNode array(JsonNode proof, String pointer) throws Malformed {
            JsonNode value = proof.at(pointer);
            if (!value.isArray()) {
                throw new Malformed(pointer + " is " + shown(value) + ", not a list");
            }
            return value;
        }

        private static String shown(JsonNode value) {
            return value.isMissingNode() ? "missing" : value.toString();
        }
    }

    /** A proof file that is not a proof: a finding about the file, like a proof that does not hold. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
