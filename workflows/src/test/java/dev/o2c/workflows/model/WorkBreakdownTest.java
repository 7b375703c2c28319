package dev.o2c.workflows.model;

import static dev.o2c.workflows.model.Samples.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** WbsTask, Phase, WorkBreakdown and Milestone. */
class WorkBreakdownTest {

    @Test
    void tasksKeepCanonicalEstimates() {
        assertThat(new WbsTask("t", new BigDecimal("8.50")).estimateHours()).isEqualTo(new BigDecimal("8.5"));
        assertThat(new WbsTask("t", new BigDecimal("8.50"))).isEqualTo(new WbsTask("t", new BigDecimal("8.5")));
        assertThat(new WbsTask("t", new BigDecimal("1E+2")).estimateHours().toPlainString()).isEqualTo("100");
        assertThat(new WbsTask("t", null).estimateHours()).isNull();
        assertThatThrownBy(() -> new WbsTask("", BigDecimal.ONE)).hasMessageContaining("WbsTask.name");
        assertThatThrownBy(() -> new WbsTask("t", new BigDecimal("-1"))).hasMessageContaining("must not be negative");
    }

    @Test
    void phasesAndBreakdown() {
        WorkBreakdown wbs = Samples.workBreakdown();
        assertThat(wbs.totalEstimateHours()).isEqualByComparingTo("360.5");
        assertThat(new Phase("p", null).tasks()).isEmpty();
        assertThat(new WorkBreakdown(null)).isEqualTo(WorkBreakdown.empty());
        assertThatThrownBy(() -> new Phase(" ", null)).hasMessageContaining("Phase.name");
        assertThatThrownBy(() -> Phase.of("p", new WbsTask("t", null), new WbsTask("t", null)))
                .hasMessageContaining("'t' more than once");
        assertThatThrownBy(() -> WorkBreakdown.of(Phase.of("p"), Phase.of("p")))
                .hasMessageContaining("'p' more than once");
    }

    @Test
    void milestone() {
        LocalDate due = LocalDate.of(2025, 3, 31);
        assertThat(new Milestone(" ", "m", eur("0"), due).id()).isNull();
        assertThatThrownBy(() -> new Milestone(null, "", eur("1"), due)).hasMessageContaining("Milestone.name");
        assertThatThrownBy(() -> new Milestone(null, "m", null, due)).hasMessageContaining("Milestone.amount");
        assertThatThrownBy(() -> new Milestone(null, "m", eur("-1"), due)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Milestone(null, "m", eur("1"), null)).hasMessageContaining("Milestone.dueDate");
    }
}
