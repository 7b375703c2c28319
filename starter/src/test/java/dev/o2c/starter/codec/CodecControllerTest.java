package dev.o2c.starter.codec;

import dev.o2c.starter.security.TestSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.protobuf.util.JsonFormat;
import dev.o2c.codec.CodecKeys;
import dev.o2c.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = CodecController.class, properties = "o2c.codec.cors-origins=http://localhost:8233")
@Import({CodecControllerTest.Keys.class, TestSecurity.class})
class CodecControllerTest {

    static final String K1 = "k1:" + key();
    static final String K2 = "k2:" + key();

    @TestConfiguration
    static class Keys {
        @Bean
        EncryptionCodec codec() {
            return new EncryptionCodec(CodecKeys.fromConfig(K1 + "," + K2, "k2"));
        }
    }

    @Autowired MockMvc mvc;

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String json(Payload... payloads) throws Exception {
        return JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(java.util.List.of(payloads)));
    }

    static Payloads parse(String json) throws Exception {
        Payloads.Builder builder = Payloads.newBuilder();
        JsonFormat.parser().merge(json, builder);
        return builder.build();
    }

    @Test
    void encodeThenDecodeGivesThePayloadsBack() throws Exception {
        Payload customer = DefaultDataConverter.STANDARD_INSTANCE
                .toPayload(Map.of("taxId", "DE123456789", "email", "jane@example.com")).orElseThrow();
        Payload number = DefaultDataConverter.STANDARD_INSTANCE.toPayload(42).orElseThrow();

        String encoded = mvc.perform(post("/api/v1/codec/encode").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Namespace", "default").content(json(customer, number)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();
        Payloads encrypted = parse(encoded);
        assertThat(encrypted.getPayloadsList()).hasSize(2).allSatisfy(p -> {
            assertThat(EncryptionCodec.isEncrypted(p)).isTrue();
            assertThat(p.getMetadataOrThrow(EncryptionCodec.METADATA_KEY_ID).toStringUtf8()).isEqualTo("k2");
        });
        assertThat(encoded).doesNotContain(Base64.getEncoder().encodeToString(customer.getData().toByteArray()));

        String decoded = mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON)
                        .content(encoded))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(parse(decoded).getPayloadsList()).containsExactly(customer, number);
    }

    @Test
    void aPayloadOfAKeyNotInTheRingIs400() throws Exception {
        Payload foreign = new EncryptionCodec(CodecKeys.fromConfig("k9:" + key(), null))
                .encode(java.util.List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
                .getFirst();

        mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(json(foreign)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/unknown-encryption-key"))
                .andExpect(jsonPath("$.keyId").value("k9"));
    }

    @Test
    void anAlteredPayloadIs400() throws Exception {
        Payload encrypted = new EncryptionCodec(CodecKeys.fromConfig(K1, null))
                .encode(java.util.List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
                .getFirst();
        byte[] data = encrypted.getData().toByteArray();
        data[20] ^= 1;
        Payload altered = encrypted.toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)).build();

        mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(json(altered)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/undecryptable-payload"));
    }

    @Test
    void aMalformedBodyIs400() throws Exception {
        for (String body : new String[] {"not json", "{\"payloads\": 7}", "{\"payloads\":[{\"data\":\"%%%\"}]}", ""}) {
            mvc.perform(post("/api/v1/codec/decode").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://o2c.dev/problems/malformed-request"));
        }
    }

    @Test
    void theTemporalUiMayCallItFromTheBrowser() throws Exception {
        mvc.perform(options("/api/v1/codec/decode")
                        .header("Origin", "http://localhost:8233")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type,x-namespace"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "http://localhost:8233"));
        mvc.perform(options("/api/v1/codec/decode")
                        .header("Origin", "http://evil.example")
                        .header("Access-Control-Request-Method", "POST"))
                .andExpect(status().isForbidden());
    }
}
