package dev.o2c.starter.webhook;

import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;

/**
 * Reads a request body with a bound, so that an oversized webhook costs at most {@code limit + 1} bytes of memory and
 * reading: a declared {@code Content-Length} over the limit is refused without reading anything, and a body streamed
 * without one (chunked) is refused as soon as it goes past the limit. Either is a 413 {@code payload-too-large}.
 */
final class BoundedBody {

    private BoundedBody() {}

    static byte[] read(HttpServletRequest request, long limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit, declared + " bytes declared in Content-Length");
        }
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes(cap + 1);
        if (body.length > cap) {
            throw tooLarge(limit, "the body goes past it");
        }
        return body;
    }

    private static ApiProblem tooLarge(long limit, String why) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
                "A webhook body may be at most " + limit + " bytes (o2c.webhook.max-body-bytes); " + why)
                .with("maxBodyBytes", limit);
    }
}
