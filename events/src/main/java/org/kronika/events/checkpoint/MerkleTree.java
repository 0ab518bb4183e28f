package org.kronika.events.checkpoint;

import org.kronika.events.chain.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (section 2.1) over the projects' heads, in the order of their project ids: a leaf is
 * {@code SHA-256(0x00 || UTF-8(JCS(head)))}, an inner node {@code SHA-256(0x01 || left || right)}, the tree split
 * at the largest power of two below its size. One root commits to every project's head; an inclusion proof shows
 * one head is in it with {@code log2(n)} hashes.
 */
public final class MerkleTree {

    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private final List<byte[]> leaves;

    private MerkleTree(List<byte[]> leaves) {
        this.leaves = leaves;
    }

    /** The tree over these heads, which must be sorted by project id (as {@link Checkpoint} keeps them). */
    public static MerkleTree of(List<Head> heads) {
        List<byte[]> leaves = new ArrayList<>(heads.size());
        heads.forEach(head -> leaves.add(leafHash(head)));
        return new MerkleTree(leaves);
    }

    /** A tree over raw leaf data: how RFC 6962's own test vectors are stated, and how tests check this one. */
    public static MerkleTree ofLeafData(List<byte[]> data) {
        List<byte[]> leaves = new ArrayList<>(data.size());
        data.forEach(d -> leaves.add(sha256(LEAF, d)));
        return new MerkleTree(leaves);
    }

    public static byte[] leafHash(Head head) {
        return sha256(LEAF, leafData(head));
    }

    /** What a head's leaf hashes: the UTF-8 of its canonical JSON. */
    public static byte[] leafData(Head head) {
        return CanonicalJson.write(head.json()).getBytes(StandardCharsets.UTF_8);
    }

    /** The root: SHA-256 of nothing for an empty tree, as RFC 6962 defines it. */
    public String root() {
        return hex(root(0, leaves.size()));
    }

    private byte[] root(int from, int to) {
        int size = to - from;
        if (size == 0) {
            return sha256();
        }
        if (size == 1) {
            return leaves.get(from);
        }
        int split = largestPowerOfTwoBelow(size);
        return sha256(NODE, root(from, from + split), root(from + split, to));
    }

    /** The audit path of leaf {@code index} (RFC 6962 section 2.1.1), from the leaf's sibling up. */
    public List<String> inclusionProof(int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("No leaf " + index + " in a tree of " + leaves.size());
        }
        List<String> path = new ArrayList<>();
        path(index, 0, leaves.size(), path);
        return path;
    }

    private void path(int index, int from, int to, List<String> path) {
        int size = to - from;
        if (size <= 1) {
            return;
        }
        int split = largestPowerOfTwoBelow(size);
        if (index - from < split) {
            path(index, from, from + split, path);
            path.add(hex(root(from + split, to)));
        } else {
            path(index, from + split, to, path);
            path.add(hex(root(from, from + split)));
        }
    }

    /**
     * Whether {@code head}, as leaf {@code index} of a tree of {@code size} leaves, is in the tree with this root
     * (RFC 9162 section 2.1.3.2, the same computation as RFC 6962's).
     */
    public static boolean verifyInclusion(Head head, int index, int size, List<String> proof, String root) {
        return verifyInclusion(leafHash(head), index, size, proof, root);
    }

    public static boolean verifyInclusion(byte[] leafHash, int index, int size, List<String> proof, String root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1L;
        byte[] r = leafHash;
        for (String step : proof) {
            if (sn == 0) {
                return false;
            }
            byte[] p = HexFormat.of().parseHex(step);
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256(NODE, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = sha256(NODE, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && hex(r).equals(root);
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    private static byte[] sha256(byte prefix, byte[]... parts) {
        byte[][] all = Arrays.copyOf(new byte[][]{{prefix}}, parts.length + 1);
        System.arraycopy(parts, 0, all, 1, parts.length);
        return sha256(all);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
