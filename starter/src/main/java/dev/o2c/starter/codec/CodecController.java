package dev.o2c.starter.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.o2c.codec.EncryptionCodec;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.ProblemTypes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's codec-server protocol, so that the Temporal UI and CLI show o2c's encrypted payloads in clear:
 * {@code POST /api/v1/codec/decode} and {@code /encode} take and answer the JSON form of
 * {@code temporal.api.common.v1.Payloads} ({@code {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}).
 * Point the UI's codec endpoint (or {@code temporal --codec-endpoint}) at {@code <starter>/api/v1/codec}.
 *
 * <p>Anyone who reaches it can read every payload: it must sit behind the {@code viewer} role once the API has roles.
 */
@RestController
@RequestMapping("/api/v1/codec")
@Tag(name = "codec", description = "Temporal codec server: decrypts and encrypts payloads for the Temporal UI and CLI")
public class CodecController {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final PayloadCodec codec;

    public CodecController(EncryptionCodec codec) {
        this.codec = codec;
    }

    @Operation(summary = "Decrypt payloads (Temporal codec-server protocol)")
    @ApiResponse(responseCode = "200", description = "the payloads decrypted ({\"payloads\": [...]})")
    @ApiResponse(responseCode = "400", description = "malformed-request (not Payloads JSON), unknown-encryption-key"
            + " (with keyId), undecryptable-payload (altered or another key)")
    @PostMapping(path = "/decode", produces = MediaType.APPLICATION_JSON_VALUE)
    public String decode(@RequestBody(required = false) String body) {
        return apply(body, codec::decode);
    }

    @Operation(summary = "Encrypt payloads with the current key (Temporal codec-server protocol)")
    @ApiResponse(responseCode = "200", description = "the payloads encrypted ({\"payloads\": [...]})")
    @ApiResponse(responseCode = "400", description = "malformed-request (not Payloads JSON)")
    @PostMapping(path = "/encode", produces = MediaType.APPLICATION_JSON_VALUE)
    public String encode(@RequestBody(required = false) String body) {
        return apply(body, codec::encode);
    }

    private static String apply(String body, UnaryOperator<List<Payload>> operation) {
        Payloads.Builder request = Payloads.newBuilder();
        try {
            if (body == null || body.isBlank()) {
                throw new InvalidProtocolBufferException("empty body");
            }
            PARSER.merge(body, request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ApiProblem.badRequest(ProblemTypes.MALFORMED_REQUEST, "Malformed request",
                    "expected {\"payloads\":[{\"metadata\":{\"encoding\":\"<base64>\"},\"data\":\"<base64>\"}]}");
        }
        List<Payload> result;
        try {
            result = operation.apply(request.getPayloadsList());
        } catch (EncryptionCodec.UnknownKeyException e) {
            throw ApiProblem.badRequest(ProblemTypes.UNKNOWN_ENCRYPTION_KEY, "Unknown encryption key", e.getMessage())
                    .with("keyId", e.keyId());
        } catch (PayloadCodecException e) {
            throw ApiProblem.badRequest(ProblemTypes.UNDECRYPTABLE_PAYLOAD, "Undecryptable payload", e.getMessage());
        }
        try {
            return PRINTER.print(Payloads.newBuilder().addAllPayloads(result));
        } catch (InvalidProtocolBufferException e) {
            throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
                    "could not print the payloads");
        }
    }
}
