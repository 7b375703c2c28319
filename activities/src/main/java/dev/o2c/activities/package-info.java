/** Activity implementations: one connector per system, and the integration ledger. */
package dev.o2c.activities;
