package dev.o2c.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What an app outside development refuses in its codec settings (its startup settings check). */
class CodecKeysProductionTest {

    @Test
    void aKeyOfItsOwnIsFine() {
        assertThat(CodecKeys.productionProblems("prod-1:" + freshKey(), null, "on")).isEmpty();
        assertThat(CodecKeys.productionProblems("old:" + freshKey() + ",new:" + freshKey(), "new", null)).isEmpty();
    }

    @Test
    void noKeysTheDevelopmentKeyOrEncryptionOffAreRefusedNamingTheSetting() {
        assertThat(CodecKeys.productionProblems(null, null, "on")).singleElement().asString()
                .contains("O2C_CODEC_KEYS").contains("missing");
        assertThat(CodecKeys.productionProblems(CodecKeys.DEV_KEYS, null, "on")).singleElement().asString()
                .contains("public development key");
        assertThat(CodecKeys.productionProblems("mine:" + CodecKeys.DEV_KEY_BASE64, null, "on")).singleElement()
                .asString().contains("public development key");
        assertThat(CodecKeys.productionProblems("prod-1:" + freshKey(), null, "off")).singleElement().asString()
                .contains("O2C_CODEC").contains("clear text");
        assertThat(CodecKeys.productionProblems("prod-1:not-base64", null, "on")).singleElement().asString()
                .doesNotContain("not-base64-secret");
    }

    private static String freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
