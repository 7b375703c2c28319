package dev.o2c.starter.console;

import dev.o2c.starter.events.EventService;
import dev.o2c.starter.events.InboundEventStatus;
import dev.o2c.starter.events.InboundEventView;
import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.ConsoleEnabled;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The inbound event ledger: what the systems sent, how each event was routed, and the replay of a refused one. */
@Controller
@Conditional(ConsoleEnabled.class)
class EventPages {

    private final ObjectProvider<EventService> events;

    EventPages(ObjectProvider<EventService> events) {
        this.events = events;
    }

    @GetMapping("/console/events")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String system,
            @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", service().list(status, system, null, 100, cursor));
        model.addAttribute("status", status);
        model.addAttribute("system", system);
        model.addAttribute("statuses", Arrays.stream(InboundEventStatus.values()).map(Enum::name).toList());
        model.addAttribute("replayable", InboundEventStatus.REPLAYABLE.stream().map(Enum::name).toList());
        return "console/events";
    }

    @PostMapping("/console/events/{id}/replay")
    String replay(@PathVariable String id, RedirectAttributes flash) {
        String eventId = Ids.checked("id", id, Ids.MAX_WORKFLOW_ID);
        Optional<String> refused = ConsoleRules.refusal(Caller.current(), HttpMethod.POST,
                "/api/v1/events/" + eventId + "/replay");
        if (refused.isPresent()) {
            Flash.forbidden(flash, refused.get());
            return "redirect:/console/events";
        }
        try {
            InboundEventView replayed = service().replay(eventId);
            Flash.notice(flash, "Event " + replayed.id() + " replayed: now " + replayed.status()
                    + (replayed.routedTo() == null ? "" : ", routed to " + replayed.routedTo()));
        } catch (ApiProblem problem) {
            Flash.problem(flash, problem);
        }
        return "redirect:/console/events";
    }

    private EventService service() {
        EventService service = events.getIfAvailable();
        if (service == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "inbound-ledger-unavailable", "No event ledger",
                    "This starter has no inbound event ledger configured (O2C_INBOUND_DB_URL)");
        }
        return service;
    }
}
