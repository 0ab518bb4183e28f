package org.kronika.infra.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under the system's temporary folder that is removed, with all it holds, when closed. A broker's log
 * or a database's files weigh tens of megabytes, and every test run starts several: left behind, they filled the
 * shared {@code /tmp} by gigabytes in a day.
 */
public final class TemporaryDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporaryDirectory.class);

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** A new, empty directory whose name starts with {@code prefix}. */
    public static TemporaryDirectory create(String prefix) {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /** The same, removed when this JVM exits: for what a whole test run shares. */
    public static TemporaryDirectory removedAtExit(String prefix) {
        TemporaryDirectory directory = create(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(directory::close));
        return directory;
    }

    /** {@code name} inside this directory, created if missing. */
    public Path resolve(String name) {
        try {
            return Files.createDirectories(path.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path.resolve(name), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it; closing it again does nothing. */
    @Override
    public void close() {
        delete(path);
    }

    /**
     * Removes everything under {@code root} but the folders named {@code kept} (at any depth) and what they hold: a
     * benchmark's data weighs gigabytes, its logs are what a reader of its results may want to look at again.
     */
    public static void removeAllBut(Path root, String kept) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(file -> !root.relativize(file).toString().isEmpty())
                    .filter(file -> !inFolderNamed(root.relativize(file), kept))
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not clear {}: {}", root, e.getMessage());
        }
    }

    /** Whether {@code relative} is, or lies in, a folder named {@code name}. Its parents stay, as they are not empty. */
    private static boolean inFolderNamed(Path relative, String name) {
        for (Path part : relative) {
            if (part.toString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Removes {@code directory} and everything in it, if it exists; what cannot be removed is logged, not thrown. */
    public static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not remove {}: {}", directory, e.getMessage());
        }
        if (Files.exists(directory)) {
            log.warn("Could not remove all of {}", directory);
        }
    }
}
