package dev.o2c.starter.web;

import dev.o2c.starter.config.O2cProperties;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** Builds the links the API hands out: its own resources (absolute, from the current request) and the Temporal UI. */
@Component
public class Links {

    private final String temporalUiUrl;
    private final String namespace;

    public Links(O2cProperties properties, @Value("${spring.temporal.namespace:default}") String namespace) {
        this.temporalUiUrl = properties.temporalUiUrl();
        this.namespace = namespace;
    }

    /** An absolute URI of this API, e.g. {@code api("/processes/{id}", id)}; {@code path} is below {@code /api/v1}. */
    public URI api(String path, Object... variables) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1")
                .path(path)
                .buildAndExpand(variables)
                .encode()
                .toUri();
    }

    public URI process(String workflowId) {
        return api("/processes/{workflowId}", workflowId);
    }

    /**
     * The workflow in the Temporal UI: {@code {ui}/namespaces/{ns}/workflows/{workflowId}}; empty when the Temporal
     * server has no UI ({@code o2c.temporal-ui-url} blank or {@code none}, e.g. the in-JVM Java test server).
     */
    public Optional<URI> temporalUi(String workflowId) {
        if (temporalUiUrl == null) {
            return Optional.empty();
        }
        return Optional.of(UriComponentsBuilder.fromUriString(temporalUiUrl)
                .path("/namespaces/{namespace}/workflows/{workflowId}")
                .buildAndExpand(namespace, workflowId)
                .encode()
                .toUri());
    }

    /**
     * The links of one page of a newest-first list: {@code self} (this request), and {@code next} (this request with
     * {@code cursor} set) unless it is the last page.
     */
    public static Map<String, URI> page(String nextCursor) {
        Map<String, URI> links = new LinkedHashMap<>();
        links.put("self", ServletUriComponentsBuilder.fromCurrentRequest().build().toUri());
        if (nextCursor != null) {
            links.put("next", ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("cursor", nextCursor).build().toUri());
        }
        return links;
    }

    /** Puts the {@code temporalUi} link into {@code links} when there is a UI to link to. */
    public void putTemporalUi(Map<String, URI> links, String workflowId) {
        temporalUi(workflowId).ifPresent(uri -> links.put("temporalUi", uri));
    }
}
