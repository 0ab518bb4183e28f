package org.kronika.infra.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
     * Removes everything under {@code root} but the folders {@code kept} accepts, and what they hold, and their
     * parents: a benchmark's data weighs gigabytes, its logs are what a reader of its results may want to look at
     * again. What cannot be removed is logged, not thrown; a file that goes away meanwhile is no failure.
     */
    public static void removeAllBut(Path root, Predicate<Path> kept) {
        List<Path> left = remove(root, kept, false);
        if (!left.isEmpty()) {
            log.warn("Could not remove {} of {}, such as {}", left.size(), root, left.get(0));
        }
    }

    /** Removes {@code directory} and everything in it, if it exists; what cannot be removed is logged, not thrown. */
    public static void delete(Path directory) {
        List<Path> left = remove(directory, folder -> false, true);
        if (!left.isEmpty() || Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            log.warn("Could not remove all of {}{}", directory, left.isEmpty() ? "" : ", such as " + left.get(0));
        }
    }

    /** Walks on past every failure, so that one file in use does not leave all the rest; answers what it could not remove. */
    private static List<Path> remove(Path root, Predicate<Path> kept, boolean itself) {
        List<Path> left = new ArrayList<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return left;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    return !folder.equals(root) && kept.test(folder) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        left.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        left.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) {
                    if (folder.equals(root) && !itself) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        Files.deleteIfExists(folder);
                    } catch (DirectoryNotEmptyException holdsAKeptFolder) {
                        // a parent of a folder kept, or of a file that could not go (counted already)
                    } catch (IOException failed) {
                        left.add(folder);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            left.add(root);
        }
        return left;
    }
}
