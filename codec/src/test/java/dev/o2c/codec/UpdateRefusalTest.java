package dev.o2c.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.Test;

/**
 * An Update validator's refusal reaches the client with its message through the encrypting data converter: SDK 1.38
 * hands the client only the message of a validator's failure (not its type, details or encoded attributes), and the
 * starter reads the refusal from it ({@code NamedRefusals}).
 */
class UpdateRefusalTest {

    @WorkflowInterface
    public interface Refusing {
        @WorkflowMethod
        void run();

        @UpdateMethod
        String decide(String what);

        @UpdateValidatorMethod(updateName = "decide")
        void validateDecide(String what);
    }

    public static class RefusingImpl implements Refusing {
        @Override
        public void run() {
            Workflow.await(() -> false);
        }

        @Override
        public String decide(String what) {
            return "took " + what;
        }

        @Override
        public void validateDecide(String what) {
            if (what.startsWith("bad")) {
                throw ApplicationFailure.newNonRetryableFailure("SETTLED: the invoice is paid", "o2c.cash.refused",
                        "SETTLED");
            }
        }
    }

    @Test
    void aValidatorsRefusalKeepsItsMessage() {
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setDataConverter(EncryptionCodec.dataConverter(new EncryptionCodec(CodecKeys.development())))
                        .build())
                .build());
        try {
            Worker worker = env.newWorker("q");
            worker.registerWorkflowImplementationTypes(RefusingImpl.class);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            Refusing stub = client.newWorkflowStub(Refusing.class,
                    WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("w").build());
            WorkflowClient.start(stub::run);

            assertThat(stub.decide("good")).isEqualTo("took good");
            Throwable refused = catchThrowable(() -> stub.decide("bad"));

            assertThat(refused).isInstanceOf(WorkflowUpdateException.class);
            boolean found = false;
            for (Throwable t = refused; t != null; t = t.getCause()) {
                String message = t instanceof ApplicationFailure app ? app.getOriginalMessage() : t.getMessage();
                found |= message != null && message.startsWith("SETTLED: the invoice is paid");
            }
            assertThat(found).as("the refusal's message in the cause chain of %s", refused).isTrue();
            assertThat(EncryptionCodec.isRefusal("o2c.decision-refused")).isTrue();
            assertThat(EncryptionCodec.isRefusal("o2c.validation")).isFalse();
        } finally {
            env.close();
        }
    }
}
