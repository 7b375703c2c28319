package dev.o2c.starter.config;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health}, {@code /actuator/health/liveness} and {@code /actuator/health/readiness} on the API port,
 * anonymously, for probes (the Dockerfile's health check, the local stack's readiness wait): every actuator endpoint
 * lives on the management port ({@code management.server.port}, {@code STARTER_MANAGEMENT_PORT}, 8083), health
 * included, and this answers the same as the actuator's own health endpoint, status code included (503 when DOWN).
 * Only while the management port differs from the API port (else the actuator serves these paths itself). Details
 * follow {@code show-details: when-authorized} and the caller's bearer token, if any (role {@code viewer}).
 */
@RestController
@Hidden
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public class HealthOnServerPort {

    private final ObjectProvider<HealthEndpointWebExtension> health;

    /** The health endpoint may be absent (a web slice test): then these paths answer 404. */
    public HealthOnServerPort(ObjectProvider<HealthEndpointWebExtension> health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health", produces = "application/json")
    public ResponseEntity<HealthDescriptor> health(HttpServletRequest request) {
        return answer(request);
    }

    @GetMapping(path = "/actuator/health/{group:liveness|readiness}", produces = "application/json")
    public ResponseEntity<HealthDescriptor> group(@PathVariable String group, HttpServletRequest request) {
        return answer(request, group);
    }

    /** Details follow the caller's token, as on the management port ({@code show-details: when-authorized}). */
    private ResponseEntity<HealthDescriptor> answer(HttpServletRequest request, String... path) {
        HealthEndpointWebExtension endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return ResponseEntity.notFound().build();
        }
        WebEndpointResponse<HealthDescriptor> response =
                endpoint.health(ApiVersion.LATEST, WebServerNamespace.SERVER, new SecurityContext() {
                    @Override
                    public Principal getPrincipal() {
                        return request.getUserPrincipal();
                    }

                    @Override
                    public boolean isUserInRole(String role) {
                        return request.isUserInRole(role);
                    }
                }, path);
        return ResponseEntity.status(response.getStatus()).body(response.getBody());
    }
}
