package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;
import java.util.List;

/**
 * The priced run (everything not held back).
 *
 * @param lines invoice lines
 * @param entries entries on them (time, expenses, milestones, instalments)
 * @param subtotal net
 * @param overCap how much the subtotal exceeds the cap's remaining amount (zero when it fits or uncapped; always zero
 *     after a hold-back)
 * @param heldEntries entries held back by the cap
 * @param heldBack their net amount
 * @param milestoneIds milestones on the invoice
 * @param milestoneAmount their net amount
 * @param instalmentAmount fee and retainer instalments' net amount
 */
public record RunTotals(int lines, int entries, Money subtotal, Money taxTotal, Money total, Money overCap,
        int heldEntries, Money heldBack, List<String> milestoneIds, Money milestoneAmount, Money instalmentAmount) {

    public RunTotals {
        milestoneIds = milestoneIds == null ? List.of() : List.copyOf(milestoneIds);
    }
}
