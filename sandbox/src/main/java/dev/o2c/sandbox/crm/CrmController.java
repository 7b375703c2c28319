package dev.o2c.sandbox.crm;

import dev.o2c.sandbox.crm.CrmModels.Account;
import dev.o2c.sandbox.crm.CrmModels.Amendment;
import dev.o2c.sandbox.crm.CrmModels.AmendmentRequest;
import dev.o2c.sandbox.crm.CrmModels.AccountRequest;
import dev.o2c.sandbox.crm.CrmModels.Contact;
import dev.o2c.sandbox.crm.CrmModels.ContactRequest;
import dev.o2c.sandbox.crm.CrmModels.CrmTask;
import dev.o2c.sandbox.crm.CrmModels.DeliveryRequest;
import dev.o2c.sandbox.crm.CrmModels.LoseRequest;
import dev.o2c.sandbox.crm.CrmModels.InvoiceStatusRequest;
import dev.o2c.sandbox.crm.CrmModels.Opportunity;
import dev.o2c.sandbox.crm.CrmModels.OpportunityInvoice;
import dev.o2c.sandbox.crm.CrmModels.OpportunityRequest;
import dev.o2c.sandbox.crm.CrmModels.Stage;
import dev.o2c.sandbox.crm.CrmModels.TaskRequest;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.web.SandboxOperation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/crm/v1")
@Tag(name = "crm", description = "Simulated CRM: accounts, contacts, opportunities, tasks")
public class CrmController {

    private final CrmService crm;

    public CrmController(CrmService crm) {
        this.crm = crm;
    }

    @PostMapping("/accounts")
    @SandboxOperation("accounts.create")
    public ResponseEntity<Account> createAccount(@Valid @RequestBody AccountRequest request) {
        Account account = crm.createAccount(request);
        return ResponseEntity.created(URI.create("/crm/v1/accounts/" + account.id())).body(account);
    }

    @GetMapping("/accounts/{id}")
    @SandboxOperation("accounts.get")
    public Account account(@PathVariable String id) {
        return crm.account(id);
    }

    @GetMapping("/accounts")
    @SandboxOperation("accounts.list")
    public List<Account> accounts() {
        return crm.accounts();
    }

    /**
     * Fixes attributes: fields present replace the stored value, absent (or null) fields stay. Bumps the account's
     * {@code version} and emits {@code account.updated} ({@code accountId}, {@code version}).
     */
    @PatchMapping("/accounts/{id}")
    @SandboxOperation("accounts.update")
    public Account updateAccount(@PathVariable String id, @Valid @RequestBody AccountRequest request) {
        return crm.updateAccount(id, request);
    }

    @PostMapping("/accounts/{id}/contacts")
    @SandboxOperation("contacts.create")
    public ResponseEntity<Contact> createContact(@PathVariable String id, @Valid @RequestBody ContactRequest request) {
        return ResponseEntity.status(201).body(crm.createContact(id, request));
    }

    @GetMapping("/accounts/{id}/contacts")
    @SandboxOperation("contacts.list")
    public List<Contact> contacts(@PathVariable String id) {
        return crm.contacts(id);
    }

    @PostMapping("/opportunities")
    @SandboxOperation("opportunities.create")
    public ResponseEntity<Opportunity> createOpportunity(@Valid @RequestBody OpportunityRequest request) {
        Opportunity opportunity = crm.createOpportunity(request);
        return ResponseEntity.created(URI.create("/crm/v1/opportunities/" + opportunity.id())).body(opportunity);
    }

    @GetMapping("/opportunities/{id}")
    @SandboxOperation("opportunities.get")
    public Opportunity opportunity(@PathVariable String id) {
        return crm.opportunity(id);
    }

    /**
     * Without {@code after} or {@code limit} every opportunity (filtered), oldest first. With them: a page
     * ({@code items, nextCursor}) of the opportunities in {@code stage} in id order (byte order) after {@code after};
     * {@code nextCursor} is the last id, the next page's {@code after}; {@code accountId} does not apply to pages.
     */
    @GetMapping("/opportunities")
    @SandboxOperation("opportunities.list")
    public Object opportunities(@RequestParam(required = false) Stage stage,
            @RequestParam(required = false) String accountId, @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        if (!KeyRange.requested(after, null, limit, null)) {
            return crm.opportunities(stage, accountId);
        }
        return crm.opportunityPage(stage, after, limit);
    }

    /** Fixes or amends terms: fields present replace the stored value; stage changes only through /won and /lost. */
    @PatchMapping("/opportunities/{id}")
    @SandboxOperation("opportunities.update")
    public Opportunity updateOpportunity(@PathVariable String id, @Valid @RequestBody OpportunityRequest request) {
        return crm.updateOpportunity(id, request);
    }

    /** OPEN → WON, emits {@code opportunity.won}; winning again answers 200 and emits nothing. LOST → 409. */
    /**
     * Amends a WON opportunity's contract terms (409 otherwise); {@code number} must be the next in sequence (409 with
     * {@code expectedNumber}); emits {@code contract.amended}.
     */
    @PostMapping("/opportunities/{id}/amendments")
    @SandboxOperation("opportunities.amend")
    public ResponseEntity<Amendment> amend(@PathVariable String id, @Valid @RequestBody AmendmentRequest request) {
        Amendment amendment = crm.amend(id, request);
        return ResponseEntity.created(URI.create("/crm/v1/opportunities/" + id + "/amendments/" + amendment.number()))
                .body(amendment);
    }

    @GetMapping("/opportunities/{id}/amendments")
    @SandboxOperation("opportunities.amendments.list")
    public List<Amendment> amendments(@PathVariable String id) {
        return crm.amendments(id);
    }

    @GetMapping("/opportunities/{id}/amendments/{number}")
    @SandboxOperation("opportunities.amendments.get")
    public Amendment amendment(@PathVariable String id, @PathVariable int number) {
        return crm.amendments(id).stream().filter(a -> a.number() == number).findFirst()
                .orElseThrow(() -> dev.o2c.sandbox.platform.web.ApiException.notFound("amendment", id + "/" + number));
    }

    @PostMapping("/opportunities/{id}/won")
    @SandboxOperation("opportunities.win")
    public Opportunity win(@PathVariable String id) {
        return crm.win(id);
    }

    /** OPEN → LOST (optional body {@code {"reason": "..."}}); losing again answers 200. WON → 409. */
    @PostMapping("/opportunities/{id}/lost")
    @SandboxOperation("opportunities.lose")
    public Opportunity lose(@PathVariable String id, @Valid @RequestBody(required = false) LoseRequest request) {
        return crm.lose(id, request == null ? null : request.reason());
    }

    /** Delivery write-back: ids created by o2c downstream and a delivery status, stored on a WON opportunity. */
    @PostMapping("/opportunities/{id}/delivery")
    @SandboxOperation("opportunities.delivery")
    public Opportunity delivery(@PathVariable String id, @Valid @RequestBody DeliveryRequest request) {
        return crm.recordDelivery(id, request);
    }

    /** Invoice status sync: upserts invoice {@code invoiceRef} on a WON opportunity; 201 when new, else 200. */
    @PostMapping("/opportunities/{id}/invoices/{invoiceRef}")
    @SandboxOperation("opportunities.invoices.upsert")
    public ResponseEntity<OpportunityInvoice> syncInvoice(@PathVariable String id, @PathVariable String invoiceRef,
            @Valid @RequestBody InvoiceStatusRequest request) {
        CrmService.InvoiceSync sync = crm.syncInvoice(id, invoiceRef, request);
        return sync.created()
                ? ResponseEntity.created(URI.create("/crm/v1/opportunities/" + id + "/invoices/" + invoiceRef))
                        .body(sync.invoice())
                : ResponseEntity.ok(sync.invoice());
    }

    @GetMapping("/opportunities/{id}/invoices")
    @SandboxOperation("opportunities.invoices.list")
    public List<OpportunityInvoice> opportunityInvoices(@PathVariable String id) {
        return crm.opportunityInvoices(id);
    }

    @PostMapping("/tasks")
    @SandboxOperation("tasks.create")
    public ResponseEntity<CrmTask> createTask(@Valid @RequestBody TaskRequest request) {
        return ResponseEntity.status(201).body(crm.createTask(request));
    }

    @GetMapping("/tasks")
    @SandboxOperation("tasks.list")
    public List<CrmTask> tasks(@RequestParam(required = false) String accountId,
            @RequestParam(required = false) String opportunityId) {
        return crm.tasks(accountId, opportunityId);
    }
}
