package org.kronika.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The key file holds the private key that signs every token, an admin's too: its owner alone reads it. */
class SigningKeyFileTest {

    @Test
    void aNewKeyFileIsReadableByItsOwnerOnlyAndTheSameKeyIsReadBack(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("auth").resolve("jwks.json");

        var created = AuthorizationServerConfig.key(file.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AuthorizationServerConfig.key(file.toString()).getKeyID()).isEqualTo(created.getKeyID());
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left beside it").containsExactly(file);
        }
    }

    @Test
    void aKeyFileAnEarlierVersionLeftReadableByAnyoneIsMadeOwnerOnly(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("jwks.json");
        AuthorizationServerConfig.key(file.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AuthorizationServerConfig.key(file.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
