package dev.o2c.codec;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key ring of the payload codec: AES-256 keys by id, and the id of the current key (new payloads are encrypted
 * with it; any key of the ring decrypts what it encrypted, so old histories stay readable after a rotation).
 *
 * <p>Configuration: {@code o2c.codec.keys} ({@code O2C_CODEC_KEYS}), comma-separated {@code id:base64} entries of 32
 * bytes each, and {@code o2c.codec.current-key} ({@code O2C_CODEC_KEY_ID}). Both blank: the well-known development
 * key {@link #DEV_KEY_ID}, which protects nothing (it is in this source file) and must never be used outside
 * development.
 */
public final class CodecKeys {

    /** The id of the well-known development key; a deployment that runs with it encrypts for show only. */
    public static final String DEV_KEY_ID = "dev-1";

    /** The development key: public, in this repository. */
    static final String DEV_KEY_BASE64 = "49nK/sMXQ003WqP4tXhKhtMSLBsG8LguGGlRIviDcKU=";

    /** The development key ring as {@code O2C_CODEC_KEYS} would spell it. */
    public static final String DEV_KEYS = DEV_KEY_ID + ":" + DEV_KEY_BASE64;

    static final int KEY_BYTES = 32;
    private static final int MAX_ID_LENGTH = 64;

    private final Map<String, SecretKey> keys;
    private final String currentKeyId;

    private CodecKeys(Map<String, SecretKey> keys, String currentKeyId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.currentKeyId = currentKeyId;
    }

    /** The development key ring ({@link #DEV_KEY_ID} only). */
    public static CodecKeys development() {
        return parse(DEV_KEYS, DEV_KEY_ID);
    }

    /**
     * Reads the configuration. Both blank: the {@linkplain #development() development key ring}. The current key may
     * be blank when the ring has exactly one key.
     *
     * @throws IllegalArgumentException naming what is wrong (never a key's bytes)
     */
    public static CodecKeys fromConfig(String keys, String currentKeyId) {
        boolean noKeys = keys == null || keys.isBlank();
        boolean noCurrent = currentKeyId == null || currentKeyId.isBlank();
        if (noKeys && noCurrent) {
            return development();
        }
        if (noKeys) {
            throw new IllegalArgumentException("O2C_CODEC_KEY_ID (o2c.codec.current-key) is " + currentKeyId.strip()
                    + " but O2C_CODEC_KEYS (o2c.codec.keys) is empty: give the keys as id:base64,id:base64");
        }
        return parse(keys, noCurrent ? null : currentKeyId.strip());
    }

    /**
     * What is wrong with the codec settings for an app outside development: encryption off, no keys (the public
     * development key would encrypt), the development key, or keys that do not parse. One sentence each, naming the
     * setting; empty when they are fine. Never a key's bytes.
     */
    public static java.util.List<String> productionProblems(String keys, String currentKeyId, String enabled) {
        if ("false".equalsIgnoreCase(enabled == null ? "" : enabled.strip())
                || "off".equalsIgnoreCase(enabled == null ? "" : enabled.strip())) {
            return java.util.List.of("o2c.codec.enabled (O2C_CODEC) is off: payloads would reach Temporal's history"
                    + " in clear text; it is for benchmark baselines on a developer's machine only");
        }
        if (keys == null || keys.isBlank()) {
            return java.util.List.of("o2c.codec.keys (O2C_CODEC_KEYS) is missing: the public development key would"
                    + " encrypt the payloads; set id:base64 keys of 32 bytes");
        }
        try {
            if (fromConfig(keys, currentKeyId).usesDevelopmentKey()) {
                return java.util.List.of("o2c.codec.keys (O2C_CODEC_KEYS) encrypts with the public development key "
                        + DEV_KEY_ID + ": set a key of your own");
            }
            return java.util.List.of();
        } catch (IllegalArgumentException malformed) {
            return java.util.List.of(malformed.getMessage());
        }
    }

    private static CodecKeys parse(String spec, String currentKeyId) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        int position = 0;
        for (String raw : spec.split(",")) {
            position++;
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS entry " + position
                        + " is not id:base64 (expected e.g. k1:" + "<44 base64 characters of 32 random bytes>)");
            }
            String id = entry.substring(0, colon).strip();
            if (id.length() > MAX_ID_LENGTH || !id.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS entry " + position + ": key id '" + id
                        + "' must be 1-" + MAX_ID_LENGTH + " characters of A-Z a-z 0-9 . _ -");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS key " + id + " is not valid base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS key " + id + " has " + bytes.length
                        + " bytes; AES-256 needs exactly " + KEY_BYTES + " (openssl rand -base64 32)");
            }
            if (ring.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS names key " + id + " twice");
            }
        }
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("O2C_CODEC_KEYS has no key");
        }
        String current = currentKeyId;
        if (current == null) {
            if (ring.size() > 1) {
                throw new IllegalArgumentException("O2C_CODEC_KEYS has " + ring.size() + " keys " + ring.keySet()
                        + ": set O2C_CODEC_KEY_ID (o2c.codec.current-key) to the one that encrypts");
            }
            current = ring.keySet().iterator().next();
        }
        if (!ring.containsKey(current)) {
            throw new IllegalArgumentException("O2C_CODEC_KEY_ID " + current + " is not in O2C_CODEC_KEYS "
                    + ring.keySet());
        }
        return new CodecKeys(ring, current);
    }

    /** The id of the key that encrypts. */
    public String currentKeyId() {
        return currentKeyId;
    }

    SecretKey currentKey() {
        return keys.get(currentKeyId);
    }

    /** The key with this id, or null. */
    SecretKey key(String id) {
        return keys.get(id);
    }

    /** The ids of the ring, in configuration order. */
    public java.util.Set<String> ids() {
        return keys.keySet();
    }

    /**
     * True when the well-known development key encrypts (by its id {@link #DEV_KEY_ID} or its bytes under another
     * id): fine on a laptop, never in a deployment.
     */
    public boolean usesDevelopmentKey() {
        return DEV_KEY_ID.equals(currentKeyId)
                || java.util.Arrays.equals(currentKey().getEncoded(), Base64.getDecoder().decode(DEV_KEY_BASE64));
    }

    /** Never the keys. */
    @Override
    public String toString() {
        return "CodecKeys" + keys.keySet() + " current=" + currentKeyId;
    }
}
