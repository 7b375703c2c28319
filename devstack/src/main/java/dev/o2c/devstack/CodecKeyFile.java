package dev.o2c.devstack;

import dev.o2c.codec.CodecKeys;
import dev.o2c.codec.EncryptionCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The payload encryption keys of a local stack: {@code O2C_CODEC_KEYS} / {@code O2C_CODEC_KEY_ID} when the
 * environment sets them, else a key generated once (SecureRandom) into {@code <state dir>/codec-keys}, so that each
 * developer's stack encrypts with its own key and keeps reading its histories across restarts. The file holds
 * {@code O2C_CODEC_KEYS}'s format ({@code id:base64}, comma-separated); the last entry is the current key.
 */
public final class CodecKeyFile {

    public static final String FILE_NAME = "codec-keys";
    public static final String KEYS_VARIABLE = "O2C_CODEC_KEYS";
    public static final String KEY_ID_VARIABLE = "O2C_CODEC_KEY_ID";

    /** What the apps get as {@code O2C_CODEC_KEYS} and {@code O2C_CODEC_KEY_ID}. */
    public record Keys(String keys, String currentKeyId) {
        public EncryptionCodec codec() {
            return new EncryptionCodec(CodecKeys.fromConfig(keys, currentKeyId));
        }

        @Override
        public String toString() {
            return "Keys[current=" + currentKeyId + "]";
        }
    }

    private CodecKeyFile() {}

    /** The environment's keys when set, else those of the state directory (created on first use). */
    public static Keys resolve(Path stateDir, Map<String, String> env) {
        String keys = env.get(KEYS_VARIABLE);
        if (keys != null && !keys.isBlank()) {
            String current = env.getOrDefault(KEY_ID_VARIABLE, "");
            CodecKeys.fromConfig(keys, current); // refuse a malformed ring here, not in two apps at once
            return new Keys(keys.strip(), current.strip());
        }
        return readOrCreate(stateDir);
    }

    /** The keys of {@code <stateDir>/codec-keys}; generates the file with one fresh key when it does not exist. */
    public static Keys readOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                SecureRandom random = new SecureRandom();
                random.nextBytes(key);
                byte[] suffix = new byte[4];
                random.nextBytes(suffix);
                String entry = "local-" + HexFormat.of().formatHex(suffix) + ":"
                        + Base64.getEncoder().encodeToString(key);
                Files.createDirectories(stateDir);
                try {
                    Files.writeString(Files.createFile(file), entry + "\n", StandardCharsets.UTF_8);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // Windows: the state directory's own permissions apply
                    }
                } catch (FileAlreadyExistsException raced) {
                    // another launcher created it first: use theirs
                }
            }
            String keys = Files.readString(file, StandardCharsets.UTF_8).strip();
            String last = keys.substring(keys.lastIndexOf(',') + 1).strip();
            String current = last.substring(0, Math.max(0, last.indexOf(':'))).strip();
            try {
                CodecKeys.fromConfig(keys, current);
            } catch (IllegalArgumentException e) {
                throw new StackException(file + " is not a valid key ring: " + e.getMessage()
                        + " (delete it to get a new key; histories encrypted with the old one stay unreadable)");
            }
            return new Keys(keys, current);
        } catch (IOException e) {
            throw new StackException("could not read or create " + file + ": " + e.getMessage(), e);
        }
    }
}
