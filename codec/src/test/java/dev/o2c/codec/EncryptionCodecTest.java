package dev.o2c.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionCodecTest {

    static final String K1 = "k1:" + randomKey();
    static final String K2 = "k2:" + randomKey();

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static Payload json(String text) {
        return DefaultDataConverter.STANDARD_INSTANCE.toPayload(Map.of("taxId", text)).orElseThrow();
    }

    @Test
    void roundTripHidesTheDataAndRestoresTheWholePayload() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.fromConfig(K1, "k1"));
        Payload plain = json("DE-TAX-4711");

        Payload encrypted = codec.encode(List.of(plain)).getFirst();

        assertThat(encrypted.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
        assertThat(encrypted.toString()).doesNotContain("DE-TAX-4711").doesNotContain("json/plain");
        assertThat(codec.decode(List.of(encrypted))).containsExactly(plain);
    }

    @Test
    void eachEncodingUsesAFreshNonce() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.fromConfig(K1, "k1"));
        Payload plain = json("same");
        assertThat(codec.encode(List.of(plain)).getFirst().getData())
                .isNotEqualTo(codec.encode(List.of(plain)).getFirst().getData());
    }

    @Test
    void theDataConverterEncryptsValuesAndFailureMessages() {
        DataConverter converter = EncryptionCodec.dataConverter(new EncryptionCodec(CodecKeys.development()));
        Payload payload = converter.toPayload("jane@example.com").orElseThrow();
        assertThat(EncryptionCodec.isEncrypted(payload)).isTrue();
        assertThat(converter.fromPayload(payload, String.class, String.class)).isEqualTo("jane@example.com");

        var failure = converter.exceptionToFailure(new IllegalStateException("tax id DE123456789 refused"));
        assertThat(failure.toString()).doesNotContain("DE123456789");
        assertThat(converter.failureToException(failure).getMessage()).contains("DE123456789");
    }

    @Test
    void tamperedCiphertextFails() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.fromConfig(K1, null));
        Payload encrypted = codec.encode(List.of(json("x"))).getFirst();
        byte[] data = encrypted.getData().toByteArray();
        data[data.length - 1] ^= 1;
        Payload tampered = encrypted.toBuilder().setData(ByteString.copyFrom(data)).build();

        assertThatThrownBy(() -> codec.decode(List.of(tampered)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void aChangedKeyIdFailsToo() {
        EncryptionCodec codec = new EncryptionCodec(CodecKeys.fromConfig(K1 + "," + K2, "k1"));
        Payload encrypted = codec.encode(List.of(json("x"))).getFirst();
        Payload relabelled = encrypted.toBuilder()
                .putMetadata("encryption-key-id", ByteString.copyFromUtf8("k2")).build();
        assertThatThrownBy(() -> codec.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class);
    }

    @Test
    void afterRotationOldPayloadsStillDecrypt() {
        Payload plain = json("rotated");
        Payload byK1 = new EncryptionCodec(CodecKeys.fromConfig(K1, "k1")).encode(List.of(plain)).getFirst();

        EncryptionCodec rotated = new EncryptionCodec(CodecKeys.fromConfig(K1 + "," + K2, "k2"));
        Payload byK2 = rotated.encode(List.of(plain)).getFirst();

        assertThat(byK2.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k2");
        assertThat(rotated.decode(List.of(byK1, byK2))).containsExactly(plain, plain);
    }

    @Test
    void anUnknownKeyIdFailsClearly() {
        Payload byK1 = new EncryptionCodec(CodecKeys.fromConfig(K1, "k1")).encode(List.of(json("x"))).getFirst();
        EncryptionCodec withoutK1 = new EncryptionCodec(CodecKeys.fromConfig(K2, "k2"));

        assertThatThrownBy(() -> withoutK1.decode(List.of(byK1)))
                .isInstanceOf(EncryptionCodec.UnknownKeyException.class)
                .hasMessageContaining("key k1, which is not in the key ring [k2]");
    }

    @Test
    void plainPayloadsPassThroughDecoding() {
        Payload plain = json("written before encryption");
        assertThat(new EncryptionCodec(CodecKeys.development()).decode(List.of(plain))).containsExactly(plain);
    }

    @Test
    void blankConfigurationIsTheDevelopmentKey() {
        CodecKeys keys = CodecKeys.fromConfig("", " ");
        assertThat(keys.currentKeyId()).isEqualTo(CodecKeys.DEV_KEY_ID);
        assertThat(keys.usesDevelopmentKey()).isTrue();
        assertThat(CodecKeys.fromConfig(K1, null).usesDevelopmentKey()).isFalse();
        assertThat(CodecKeys.fromConfig("mine:" + CodecKeys.DEV_KEY_BASE64, null).usesDevelopmentKey())
                .as("the dev key's bytes under another id").isTrue();
        assertThat(keys.toString()).doesNotContain(CodecKeys.DEV_KEY_BASE64);
    }

    @Test
    void malformedConfigurationIsRefusedWithoutEchoingKeys() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> CodecKeys.fromConfig("k1:" + shortKey, null))
                .hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> CodecKeys.fromConfig("k1:not base64!!", null)).hasMessageContaining("base64");
        assertThatThrownBy(() -> CodecKeys.fromConfig("nocolon", null)).hasMessageContaining("id:base64");
        assertThatThrownBy(() -> CodecKeys.fromConfig("bad id:" + randomKey(), null)).hasMessageContaining("key id");
        assertThatThrownBy(() -> CodecKeys.fromConfig(K1 + "," + K1.replace("k1:", "k1:"), "k1"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> CodecKeys.fromConfig(K1 + "," + K2, null)).hasMessageContaining("O2C_CODEC_KEY_ID");
        assertThatThrownBy(() -> CodecKeys.fromConfig(K1, "k3")).hasMessageContaining("k3 is not in");
        assertThatThrownBy(() -> CodecKeys.fromConfig("", "k1")).hasMessageContaining("O2C_CODEC_KEYS");
        assertThatThrownBy(() -> CodecKeys.fromConfig(" , ", null)).hasMessageContaining("no key");
    }
}
