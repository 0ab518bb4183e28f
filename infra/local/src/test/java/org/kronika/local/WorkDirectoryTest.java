package org.kronika.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class WorkDirectoryTest {

    @Test
    void afterAClassWhoseTestsPassedItsFolderIsRemoved() throws Exception {
        WorkDirectory work = new WorkDirectory("kronika-work-test");
        Path folder = work.path();
        Files.writeString(Files.createDirectories(folder.resolve("logs")).resolve("query-service.log"), "x");

        work.afterAll(classContext());

        assertThat(folder).doesNotExist();
    }

    @Test
    void afterAClassWithAFailedTestItsFolderIsKeptForItsLogs() throws Exception {
        WorkDirectory work = new WorkDirectory("kronika-work-test");
        Path folder = work.path();
        ExtensionContext context = classContext();

        work.testFailed(context, new AssertionError("a figure differs"));
        work.afterAll(context);

        try {
            assertThat(folder).isDirectory();
        } finally {
            org.kronika.infra.embedded.TemporaryDirectory.delete(folder);
        }
    }

    @Test
    void aClassThatNeverAskedForItsFolderHasNoneToRemove() {
        assertThatCode(() -> new WorkDirectory("kronika-work-test").afterAll(classContext()))
                .doesNotThrowAnyException();
    }

    private static ExtensionContext classContext() {
        ExtensionContext context = mock(ExtensionContext.class);
        doReturn(WorkDirectoryTest.class).when(context).getRequiredTestClass();
        when(context.getExecutionException()).thenReturn(Optional.empty());
        return context;
    }
}
