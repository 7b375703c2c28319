package dev.o2c.starter.codec;

import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Temporal UI calls the codec endpoint from the browser: allow its origins ({@code o2c.codec.cors-origins},
 * {@code O2C_CODEC_CORS_ORIGINS}, comma-separated; blank or {@code none}: no cross-origin calls) on
 * {@code /api/v1/codec/**} only, with the headers the UI sends ({@code X-Namespace}, and {@code Authorization} when it
 * passes the user's token).
 */
@Configuration(proxyBeanMethods = false)
class CodecCors implements WebMvcConfigurer {

    private final String[] origins;

    CodecCors(@Value("${o2c.codec.cors-origins:}") String origins) {
        this.origins = Arrays.stream(origins.split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty() && !o.equalsIgnoreCase("none"))
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .toArray(String[]::new);
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (origins.length == 0) {
            return;
        }
        registry.addMapping("/api/v1/codec/**")
                .allowedOrigins(origins)
                .allowedMethods("POST", "OPTIONS")
                .allowedHeaders("Content-Type", "X-Namespace", "Authorization")
                .allowCredentials(true)
                .maxAge(3600);
    }
}
