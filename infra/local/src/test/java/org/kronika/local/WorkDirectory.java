package org.kronika.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.kronika.infra.embedded.TemporaryDirectory;

import java.nio.file.Path;

/**
 * The folder a test class runs its system in (databases, broker, service logs), removed after the class's last
 * {@code @AfterAll} unless one of its tests failed: then the logs are what tells why, and the folder is kept and
 * named in the output. Each such folder weighs about 50 MB; kept after every run they filled {@code /tmp}.
 * Register it on a static field with {@code @RegisterExtension}.
 */
final class WorkDirectory implements TestWatcher, AfterAllCallback {

    private final String prefix;
    private TemporaryDirectory directory;
    private volatile boolean failed;

    WorkDirectory(String prefix) {
        this.prefix = prefix;
    }

    /** The folder, created on first use. */
    synchronized Path path() {
        if (directory == null) {
            directory = TemporaryDirectory.create(prefix);
        }
        return directory.path();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (directory == null || context.getRequiredTestClass().isAnnotationPresent(org.junit.jupiter.api.Nested.class)) {
            return;
        }
        if (failed || context.getExecutionException().isPresent()) {
            System.out.println("Kept " + directory.path() + " for the logs of the failed run");
            return;
        }
        directory.close();
    }
}
