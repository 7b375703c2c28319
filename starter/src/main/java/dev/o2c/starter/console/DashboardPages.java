package dev.o2c.starter.console;

import dev.o2c.starter.dashboard.DashboardService;
import dev.o2c.starter.dashboard.OperationsDashboard;
import dev.o2c.starter.security.ConsoleEnabled;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.ObjectMapper;

/**
 * The operations dashboard: the figures of {@code GET /api/v1/dashboards/operations} (the same service), as tables
 * and Chart.js charts drawn in the browser from the same JSON the API answers.
 */
@Controller
@Conditional(ConsoleEnabled.class)
class DashboardPages {

    private final DashboardService dashboards;
    private final ObjectMapper json;

    DashboardPages(DashboardService dashboards, ObjectMapper json) {
        this.dashboards = dashboards;
        this.json = json;
    }

    @GetMapping("/console/dashboards")
    String operations(Model model) {
        OperationsDashboard dashboard = dashboards.refresh();
        model.addAttribute("dashboard", dashboard);
        // for the charts' script: JSON that cannot close the script element it sits in
        model.addAttribute("dashboardJson", json.writeValueAsString(dashboard).replace("</", "<\\/"));
        return "console/dashboards";
    }
}
