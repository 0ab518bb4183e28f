package org.kronika.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * The command service signs checkpoints and refuses to start without a key. A system started here gets one of its
 * own: created in {@code file} by the first instance that starts, and used by every instance given the same file.
 */
public final class CheckpointKey {

    private CheckpointKey() {
    }

    /** The command service's environment for a key kept in {@code file}, created there when it is not yet. */
    public static Map<String, String> createdIn(Path file) {
        return Map.of("KRONIKA_CHECKPOINTS_KEY_FILE", file.toString(), "KRONIKA_CHECKPOINTS_CREATE_KEY", "true");
    }
}
