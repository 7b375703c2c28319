package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.codec.CodecKeys;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecKeyFileTest {

    @TempDir Path stateDir;

    @Test
    void aStateDirectoryGetsItsOwnKeyOnceAndKeepsIt() throws Exception {
        CodecKeyFile.Keys first = CodecKeyFile.resolve(stateDir, Map.of());
        CodecKeyFile.Keys again = CodecKeyFile.resolve(stateDir, Map.of());

        assertThat(first.currentKeyId()).startsWith("local-");
        assertThat(again).isEqualTo(first);
        assertThat(first.keys()).doesNotContain(CodecKeys.DEV_KEYS);
        Path file = stateDir.resolve(CodecKeyFile.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.keys());

        Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow();
        Payload encrypted = first.codec().encode(List.of(plain)).getFirst();
        assertThat(again.codec().decode(List.of(encrypted))).containsExactly(plain);
    }

    @Test
    void theEnvironmentsKeysWin() {
        CodecKeyFile.Keys keys = CodecKeyFile.resolve(stateDir, Map.of(CodecKeyFile.KEYS_VARIABLE, CodecKeys.DEV_KEYS,
                CodecKeyFile.KEY_ID_VARIABLE, CodecKeys.DEV_KEY_ID));
        assertThat(keys.currentKeyId()).isEqualTo(CodecKeys.DEV_KEY_ID);
        assertThat(stateDir.resolve(CodecKeyFile.FILE_NAME)).doesNotExist();
        assertThatThrownBy(() -> CodecKeyFile.resolve(stateDir, Map.of(CodecKeyFile.KEYS_VARIABLE, "k1:short")))
                .hasMessageContaining("k1");
    }

    @Test
    void aDamagedFileIsReportedWithWhatToDo() throws Exception {
        Files.writeString(stateDir.resolve(CodecKeyFile.FILE_NAME), "garbage\n");
        assertThatThrownBy(() -> CodecKeyFile.resolve(stateDir, Map.of()))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("delete it");
    }
}
