package dev.o2c.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o2c.starter.web.ApiProblem;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

class BoundedBodyTest {

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingAByte() {
        Streamed request = new Streamed(Long.MAX_VALUE, 10L * 1024 * 1024 * 1024);
        assertThatThrownBy(() -> BoundedBody.read(request, 1024))
                .isInstanceOfSatisfying(ApiProblem.class,
                        problem -> assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
        assertThat(request.bytesRead).isZero();
    }

    @Test
    void aStreamedBodyWithoutLengthIsReadOnlyOneBytePastTheLimit() {
        Streamed request = new Streamed(200L * 1024 * 1024, -1);
        assertThatThrownBy(() -> BoundedBody.read(request, 1024))
                .isInstanceOfSatisfying(ApiProblem.class,
                        problem -> assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
        assertThat(request.bytesRead).isEqualTo(1025);
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws IOException {
        assertThat(BoundedBody.read(new Streamed(1024, -1), 1024)).hasSize(1024);
        assertThat(BoundedBody.read(new Streamed(0, 0), 1024)).isEmpty();
    }

    /** A request whose body is {@code size} bytes streamed one by one, with a declared length (-1: none). */
    static final class Streamed extends MockHttpServletRequest {
        final long size;
        final long declared;
        long bytesRead;

        Streamed(long size, long declared) {
            this.size = size;
            this.declared = declared;
        }

        @Override
        public long getContentLengthLong() {
            return declared;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new ServletInputStream() {
                @Override
                public int read() {
                    if (bytesRead >= size) {
                        return -1;
                    }
                    bytesRead++;
                    return 'x';
                }

                @Override
                public boolean isFinished() {
                    return bytesRead >= size;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {}
            };
        }
    }
}
