package dev.o2c.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model type survives Temporal's default data converter (Jackson 2 + JavaTimeModule) unchanged, and the
 * JSON shapes callers rely on are stable.
 */
class JsonRoundTripTest {

    private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

    static Stream<Object> samples() {
        return Stream.of(
                Samples.eur("12.30"),
                Money.of("1234", "JPY"),
                Money.of("1.234", "BHD"),
                Money.of("-0.5", "USD"),
                Samples.address(),
                new Address("1 Main St", null, "Springfield", "12345", "IL", "US"),
                Samples.legalEntity(),
                new LegalEntity("US01", null, "USD"),
                PaymentTerms.net(30),
                Samples.customer(),
                BillingModel.RETAINER,
                Rate.of("Consultant", "100", "EUR"),
                Samples.rateCard().versions().get(0),
                Samples.rateCard(),
                new WbsTask("Report", null),
                WbsTask.of("Build", "320.5"),
                Phase.of("Empty"),
                Samples.workBreakdown(),
                WorkBreakdown.empty(),
                Samples.milestone(),
                new Milestone(null, "Go-live", Samples.eur("1"), Samples.JUL_1),
                Samples.timeAndMaterials(),
                Samples.fixedFee(),
                Samples.milestoneContract(),
                Samples.retainer(),
                Samples.engagement(),
                new Engagement("OPP-2", "ACC-1", "n", Samples.customer(), Samples.fixedFee(), null, null),
                Samples.draft(),
                new EngagementDraft(null, null, null, null, null, null, null),
                Samples.draft().customer(),
                Samples.draft().customer().legalEntity(),
                Samples.draft().customer().billingAddress(),
                Samples.draft().contract(),
                Samples.draft().contract().rateCard().get(0),
                Samples.draft().contract().rateCard().get(0).rates().get(0),
                new MilestoneDraft(null, "Go-live", "100", "2025-06-30"),
                Samples.draft().workBreakdown().get(0),
                Samples.draft().workBreakdown().get(0).tasks().get(0),
                new Violation("customer.taxId", "missing"),
                EngagementValidationResult.valid(Samples.engagement()),
                EngagementValidation.validate(new EngagementDraft(null, null, null, null, null, null, null)),
                Samples.timeEntry(),
                new TimeEntry("T-2", "P-1", "bob", "Manager", Samples.JAN_1, BigDecimal.TEN, null, null),
                Samples.expense(),
                Samples.invoiceLine(),
                Samples.invoice(),
                Samples.invoice().withId("INV-1").withStatus(InvoiceStatus.PARTIALLY_PAID),
                InvoiceStatus.WRITTEN_OFF,
                Samples.payment(),
                new Payment("PAY-2", "INV-1", Money.of("1", "JPY"), Samples.JAN_1, null),
                Samples.creditMemo(),
                Samples.amendment(),
                new ContractAmendment("P-1", 7, Samples.JAN_1, null, null, null, Samples.DEC_31, "extension"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughTemporalsDefaultDataConverter(Object value) {
        Payload payload = CONVERTER.toPayload(value).orElseThrow();
        Object back = CONVERTER.fromPayload(payload, value.getClass(), value.getClass());
        assertThat(back).isEqualTo(value);
    }

    @Test
    void everyPublicModelTypeHasASample() throws IOException, URISyntaxException {
        Path main = Path.of(Money.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/o2c/workflows/model");
        Set<Class<?>> sampled = samples().map(Object::getClass).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(main)) {
            List<Class<?>> missing = files
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$") && !name.startsWith("package-info"))
                    .<Class<?>>map(name -> load("dev.o2c.workflows.model." + name.substring(0, name.length() - 6)))
                    .filter(type -> Modifier.isPublic(type.getModifiers()))
                    .filter(type -> type.isRecord() || type.isEnum())
                    .filter(type -> !sampled.contains(type))
                    .toList();
            assertThat(missing).as("model types without a JSON round-trip sample").isEmpty();
        }
    }

    @Test
    void moneyIsAnObjectWithAStringAmount() {
        assertThat(json(Samples.eur("12.3"))).isEqualTo("{\"amount\":\"12.30\",\"currency\":\"EUR\"}");
        assertThat(json(Money.of("1234", "JPY"))).isEqualTo("{\"amount\":\"1234\",\"currency\":\"JPY\"}");
        assertThat(json(Money.zero("BHD"))).isEqualTo("{\"amount\":\"0.000\",\"currency\":\"BHD\"}");
        Payload numeric = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8("{\"amount\":10.5,\"currency\":\"EUR\"}"))
                .build();
        assertThat(CONVERTER.fromPayload(numeric, Money.class, Money.class)).isEqualTo(Samples.eur("10.50"));
    }

    @Test
    void datesAreIsoStringsAndEnumsAreNames() {
        assertThat(json(Samples.milestone())).isEqualTo("{\"id\":\"M1\",\"name\":\"Blueprint signed off\","
                + "\"amount\":{\"amount\":\"20000.00\",\"currency\":\"EUR\"},\"dueDate\":\"2025-03-31\"}");
        assertThat(json(Samples.invoice())).contains("\"status\":\"DRAFT\"", "\"issueDate\":\"2025-07-31\"",
                "\"quantity\":7.5");
        assertThat(json(Samples.timeEntry())).contains("\"hours\":7.5");
    }

    @Test
    void derivedValuesAreNotSerialised() {
        assertThat(json(Samples.eur("1"))).doesNotContain("zero", "positive", "negative");
        assertThat(json(EngagementValidationResult.valid(Samples.engagement()))).doesNotContain("\"valid\"");
        assertThat(fieldNames(Samples.timeAndMaterials())).containsExactly("billingModel", "value", "startDate",
                "endDate", "notToExceed", "rateCard", "milestones", "retainerMonthlyAmount");
        assertThat(fieldNames(Samples.invoice())).doesNotContain("currency");
        assertThat(fieldNames(Samples.rateCard())).containsExactly("versions");
    }

    private static List<String> fieldNames(Object value) {
        try {
            JsonNode tree = JacksonJsonPayloadConverter.newDefaultObjectMapper().readTree(json(value));
            List<String> names = new java.util.ArrayList<>();
            tree.fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        return CONVERTER.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
