package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.LegalEntityDraft;

/**
 * A legal entity as read from the ERP (which owns legal entities), not yet validated.
 *
 * @param legalEntity its code, name and functional currency; {@code null} when the ERP does not know the code (not an
 *     error: validation reports it)
 * @param attempt the activity attempt that succeeded
 */
public record LegalEntityRead(LegalEntityDraft legalEntity, int attempt) {}
