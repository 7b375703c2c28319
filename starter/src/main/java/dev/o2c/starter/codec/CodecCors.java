package dev.o2c.starter.codec;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The Temporal UI calls the codec endpoint from the browser: allow its origins ({@code o2c.codec.cors-origins},
 * {@code O2C_CODEC_CORS_ORIGINS}, comma-separated; blank or {@code none}: no cross-origin calls) on
 * {@code /api/v1/codec/**} only, with the headers the UI sends ({@code X-Namespace}, and {@code Authorization}: the
 * user's token, which the endpoint requires). Spring Security applies it before authentication, so a preflight needs
 * no token.
 */
@Configuration(proxyBeanMethods = false)
public class CodecCors {

    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${o2c.codec.cors-origins:}") String origins) {
        List<String> allowed = Arrays.stream(origins.split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty() && !o.equalsIgnoreCase("none"))
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .toList();
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!allowed.isEmpty()) {
            CorsConfiguration codec = new CorsConfiguration();
            codec.setAllowedOrigins(allowed);
            codec.setAllowedMethods(List.of("POST", "OPTIONS"));
            codec.setAllowedHeaders(List.of("Content-Type", "X-Namespace", "Authorization"));
            codec.setAllowCredentials(true);
            codec.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/v1/codec/**", codec);
        }
        return source;
    }
}
