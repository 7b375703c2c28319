package dev.o2c.starter.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Dashboards over the ledger and the inbound event ledger (docs/operations.md, "Dashboards"). */
@RestController
@RequestMapping(path = "/api/v1/dashboards", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "dashboards")
public class DashboardController {

    private final DashboardService dashboards;

    public DashboardController(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    @GetMapping("/operations")
    @Operation(summary = "The operations dashboard, computed now",
            description = "Failed provisioning by cause (7 and 30 days), unbilled approved work by age and project,"
                    + " invoice rejections, payment sync delay (median, p95, oldest open), open exceptions by owner"
                    + " team and age, won-to-cash and billing latency (median, p95) and DSO per currency. Each section"
                    + " names its unit; money is per currency. The same figures are gauges o2c_* at"
                    + " /actuator/prometheus (management port).")
    @ApiResponse(responseCode = "200", description = "the dashboard")
    @ApiResponse(responseCode = "503", description = "the ledger or the inbound event ledger unavailable")
    public OperationsDashboard operations() {
        return dashboards.refresh();
    }
}
