package dev.o2c.starter.console;

import dev.o2c.starter.security.Caller;
import dev.o2c.starter.security.ConsoleEnabled;
import dev.o2c.starter.web.ApiProblem;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page knows (who is signed in, which actions they may take) and how a refusal of a service
 * shows on a page: as a message with the API's title and detail, under the API's status code, never a JSON body.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@Conditional(ConsoleEnabled.class)
class ConsoleAdvice {

    @ModelAttribute("me")
    Caller me() {
        return Caller.find().orElse(null);
    }

    @ModelAttribute("can")
    Permissions can() {
        return Caller.find().map(Permissions::of).orElse(new Permissions(false, false, false, false));
    }

    @ExceptionHandler(ApiProblem.class)
    ModelAndView problem(ApiProblem problem) {
        ModelAndView page = new ModelAndView("console/error");
        page.setStatus(problem.status());
        page.addObject("problem", Flash.problem(problem));
        page.addObject("me", me());
        page.addObject("can", can());
        return page;
    }
}
