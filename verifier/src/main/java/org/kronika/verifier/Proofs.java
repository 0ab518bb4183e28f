package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.kronika.events.chain.ChainLink;

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

    private Proofs() {
    }

    static int prove(String projectId, Checkpoint checkpoint, String exportFile, String sequence, PrintStream out)
            throws IOException {
        int index = checkpoint.indexOf(projectId);
        if (index < 0) {
            out.println("NOT IN CHECKPOINT " + projectId);
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
            if (exportFile == null) {
                out.println("usage: --sequence needs --file, the project's export holding the events up to the head");
                return 2;
            }
            long from = Long.parseLong(sequence);
            List<Map<String, Object>> chain = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(exportFile))) {
                if (!line.isBlank()) {
                    Map<String, Object> event = JSON.readValue(line, new com.fasterxml.jackson.core.type.TypeReference<>() {
                    });
                    long at = ((Number) event.get("sequence")).longValue();
                    if (at >= from && at <= head.sequence()) {
                        chain.add(event);
                    }
                }
            }
            if (chain.isEmpty() || ((Number) chain.get(0).get("sequence")).longValue() != from) {
                out.println("NOT IN EXPORT event " + from + " of " + projectId + ": the export holds no such event up"
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
    @SuppressWarnings("unchecked")
    static int check(Path proofFile, Checkpoint checkpoint, PrintStream out) throws IOException {
        JsonNode proof = JSON.readTree(Files.readString(proofFile));
        Head head = new Head(proof.at("/head/projectId").asText(), proof.at("/head/sequence").asLong(),
                proof.at("/head/hash").asText());
        List<String> path = new ArrayList<>();
        proof.path("auditPath").forEach(step -> path.add(step.asText()));
        if (!proof.path("root").asText().equals(checkpoint.root())
                || !MerkleTree.verifyInclusion(head, proof.path("index").asInt(), checkpoint.heads().size(), path,
                checkpoint.root())) {
            out.println("INVALID proof: head " + head.projectId() + "#" + head.sequence() + " is not in the checkpoint");
            return 1;
        }
        if (proof.has("chain")) {
            List<Map<String, Object>> events = new ArrayList<>();
            proof.path("chain").forEach(e -> events.add(JSON.convertValue(e, Map.class)));
            if (events.isEmpty() || ((Number) events.get(events.size() - 1).get("sequence")).longValue() != head.sequence()) {
                out.println("INVALID proof: its chain does not end at the signed head " + head.sequence());
                return 1;
            }
            String previous = (String) events.get(0).get("prevHash");
            long first = ((Number) events.get(0).get("sequence")).longValue();
            // The event proven is the chain's first, whatever the proof says of itself.
            if (!proof.path("event").isIntegralNumber() || proof.path("event").asLong() != first) {
                out.println("INVALID proof: its chain starts at event " + first + ", not at the event it names ("
                        + proof.path("event") + ")");
                return 1;
            }
            for (Map<String, Object> event : events) {
                ChainLink link = new ChainLink((String) event.get("type"), head.projectId(),
                        ((Number) event.get("sequence")).longValue(), (String) event.get("recordedAt"),
                        (Map<String, Object>) event.get("actor"), (Map<String, Object>) event.get("payload"),
                        (String) event.get("prevHash"), (String) event.get("hash"));
                if (!previous.equals(link.prevHash()) || !link.recompute(previous).equals(link.hash())
                        || link.sequence() != first++) {
                    out.println("INVALID proof: the chain breaks at event " + link.sequence());
                    return 1;
                }
                previous = link.hash();
            }
            if (!previous.equals(head.hash())) {
                out.println("INVALID proof: the chain does not reach the signed head's hash");
                return 1;
            }
            out.println("PROVEN  event " + proof.path("event").asLong() + " of " + head.projectId()
                    + " leads, unchanged, to the head the checkpoint signed (event " + head.sequence() + ")");
            return 0;
        }
        out.println("PROVEN  " + head.projectId() + " head " + head.sequence() + " is in the checkpoint of "
                + checkpoint.issuedAt());
        return 0;
    }

}
