package dev.o2c.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-256-GCM payload encryption. Each payload (its whole protobuf: metadata and data) is encrypted with the current
 * key of the {@link CodecKeys ring} and a random 12-byte nonce; the result's data is {@code nonce || ciphertext+tag},
 * its metadata {@code encoding: binary/encrypted} and {@code encryption-key-id: <id>}. The key id is also the AES-GCM
 * associated data, so a payload whose key id was changed does not decrypt.
 *
 * <p>Decoding uses the key the payload names, so payloads of any key of the ring stay readable after the current key
 * changed; payloads that are not encrypted (written before encryption was on) pass through unchanged.
 */
public final class EncryptionCodec implements PayloadCodec {

    public static final String METADATA_ENCODING = "encoding";
    public static final String ENCODING = "binary/encrypted";
    public static final String METADATA_KEY_ID = "encryption-key-id";

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

    private final CodecKeys keys;
    private static final Logger log = LoggerFactory.getLogger(EncryptionCodec.class);

    private final SecureRandom random = new SecureRandom();

    public EncryptionCodec(CodecKeys keys) {
        this.keys = keys;
    }

    public CodecKeys keys() {
        return keys;
    }

    /**
     * The data converter of every o2c client and worker: the SDK's default JSON conversion, then this codec; failure
     * messages and stack traces are encrypted too ({@code encodeFailureAttributes}), as they may quote payloads, but
     * those of Update refusals ({@link #isRefusal}): see {@link EncryptingDataConverter}.
     */
    public static DataConverter dataConverter(PayloadCodec codec) {
        return new EncryptingDataConverter(codec, EncryptionCodec::isRefusal);
    }

    /**
     * An app's data converter (the worker's and the starter's client): {@link #dataConverter(PayloadCodec)}, or, with
     * {@code enabled} false ({@code O2C_CODEC=off}), the SDK's plain JSON, said in a warning: for a baseline
     * measurement only, and worker and starter must agree.
     */
    public static DataConverter dataConverter(PayloadCodec codec, boolean enabled) {
        if (!enabled) {
            log.warn("payload encryption is OFF (O2C_CODEC=off): Temporal stores payloads in clear text");
            return DefaultDataConverter.newDefaultInstance();
        }
        return dataConverter(codec);
    }

    /**
     * An app's key ring from its settings ({@code O2C_CODEC_KEYS}, {@code O2C_CODEC_KEY_ID}; both blank: the well-known
     * development key, {@link CodecKeys#DEV_KEY_ID}), with a warning when that is the development key.
     */
    public static CodecKeys configuredKeys(String keys, String currentKeyId) {
        CodecKeys ring = CodecKeys.fromConfig(keys, currentKeyId);
        if (ring.usesDevelopmentKey()) {
            log.warn("payload encryption uses the well-known development key {}: set O2C_CODEC_KEYS and"
                    + " O2C_CODEC_KEY_ID outside development", ring.currentKeyId());
        }
        return ring;
    }

    /**
     * An Update validator's refusal by o2c's naming ({@code o2c.cash.refused}, {@code o2c.billing.refused},
     * {@code o2c.decision-refused}): its message stays readable for the client.
     */
    public static boolean isRefusal(String failureType) {
        return failureType.endsWith(".refused") || failureType.endsWith("-refused");
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::encrypt).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).toList();
    }

    /** True when the payload is one this codec wrote. */
    public static boolean isEncrypted(Payload payload) {
        return ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY));
    }

    private Payload encrypt(Payload payload) {
        String keyId = keys.currentKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.currentKey(), nonce, keyId);
            sealed = cipher.doFinal(payload.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException("could not encrypt a payload with key " + keyId, e);
        }
        return Payload.newBuilder()
                .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
                .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyId))
                .setData(ByteString.copyFrom(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                        .array()))
                .build();
    }

    private Payload decrypt(Payload payload) {
        if (!isEncrypted(payload)) {
            return payload;
        }
        ByteString idBytes = payload.getMetadataOrDefault(METADATA_KEY_ID, null);
        if (idBytes == null) {
            throw new PayloadCodecException("encrypted payload without " + METADATA_KEY_ID + " metadata");
        }
        String keyId = idBytes.toStringUtf8();
        SecretKey key = keys.key(keyId);
        if (key == null) {
            throw new UnknownKeyException(keyId, keys.ids());
        }
        byte[] data = payload.getData().toByteArray();
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new PayloadCodecException("encrypted payload (key " + keyId + ") is too short: " + data.length
                    + " bytes");
        }
        byte[] plain;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES), keyId);
            plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new PayloadCodecException("encrypted payload (key " + keyId + ") does not authenticate: it was"
                    + " altered, or key " + keyId + " is not the key it was encrypted with", e);
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException("could not decrypt a payload with key " + keyId, e);
        }
        try {
            return Payload.parseFrom(plain);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadCodecException("decrypted payload (key " + keyId + ") is not a payload", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A payload names a key the ring does not have (removed too early, or another deployment's data). */
    public static final class UnknownKeyException extends PayloadCodecException {
        private final String keyId;

        UnknownKeyException(String keyId, java.util.Set<String> known) {
            super("payload encrypted with key " + (keyId.length() > 64 ? keyId.substring(0, 64) + "…" : keyId)
                    + ", which is not in the key ring " + known
                    + " (O2C_CODEC_KEYS): add it back to decrypt");
            this.keyId = keyId;
        }

        public String keyId() {
            return keyId;
        }
    }
}
