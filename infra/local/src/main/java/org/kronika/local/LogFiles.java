package org.kronika.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A service's log, one file per start, as logrotate names them: {@code name.log} is this run's, {@code name.log.1}
 * the run before, up to {@code name.log.<kept>}. A run that crashed keeps its log past the next start, and the
 * disk holds a bounded number of runs.
 */
final class LogFiles {

    /** Previous runs' logs kept next to the current one. */
    static final int KEPT = 5;

    private LogFiles() {
    }

    /** Moves the last run's log aside as {@code .1}, each older one a number up, dropping the one beyond {@code kept} (1 or more). */
    static void rotate(Path log, int kept) throws IOException {
        Files.deleteIfExists(numbered(log, kept));
        for (int n = kept - 1; n >= 1; n--) {
            moveIfExists(numbered(log, n), numbered(log, n + 1));
        }
        moveIfExists(log, numbered(log, 1));
    }

    static Path numbered(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
