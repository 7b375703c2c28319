package dev.o2c.sandbox.erp;

import dev.o2c.sandbox.erp.ErpModels.Customer;
import dev.o2c.sandbox.erp.ErpModels.CustomerRequest;
import dev.o2c.sandbox.erp.ErpModels.CustomerUpdate;
import dev.o2c.sandbox.erp.ErpModels.ErpProject;
import dev.o2c.sandbox.erp.ErpModels.LegalEntity;
import dev.o2c.sandbox.erp.ErpModels.PaymentRequest;
import dev.o2c.sandbox.erp.ErpModels.ProjectRequest;
import dev.o2c.sandbox.erp.ErpModels.ProjectUpdate;
import dev.o2c.sandbox.erp.ErpModels.ExchangeRate;
import dev.o2c.sandbox.erp.ErpModels.RevenueEntry;
import dev.o2c.sandbox.erp.ErpModels.RevenueEntryRequest;
import dev.o2c.sandbox.erp.ErpModels.TaxRate;
import dev.o2c.sandbox.erp.ErpModels.CreditRequest;
import dev.o2c.sandbox.erp.ErpModels.Receivable;
import dev.o2c.sandbox.erp.ErpModels.ReceivableCredit;
import dev.o2c.sandbox.erp.ErpModels.ReceivableWriteOff;
import dev.o2c.sandbox.erp.ErpModels.ReverseRequest;
import dev.o2c.sandbox.erp.ErpModels.WriteOffRequest;
import dev.o2c.sandbox.platform.data.Checks;
import dev.o2c.sandbox.erp.ErpModels.ReceivablePayment;
import dev.o2c.sandbox.erp.ErpModels.ReceivableRequest;
import dev.o2c.sandbox.platform.data.KeyRange;
import dev.o2c.sandbox.platform.web.SandboxOperation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
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
@RequestMapping("/erp/v1")
@Tag(name = "erp", description = "Simulated ERP: legal entities, customers, projects, receivables")
public class ErpController {

    private final ErpService erp;

    public ErpController(ErpService erp) {
        this.erp = erp;
    }

    @GetMapping("/legal-entities")
    @SandboxOperation("legal-entities.list")
    public List<LegalEntity> legalEntities() {
        return erp.legalEntities();
    }

    /** Upsert by externalId: 201 with {@code "created": true} when new, 200 with {@code "created": false} when updated. */
    @PostMapping("/customers")
    @SandboxOperation("customers.upsert")
    public ResponseEntity<Customer> upsertCustomer(@Valid @RequestBody CustomerRequest request) {
        Customer customer = erp.upsertCustomer(request);
        return Boolean.TRUE.equals(customer.created())
                ? ResponseEntity.created(URI.create("/erp/v1/customers/" + customer.id())).body(customer)
                : ResponseEntity.ok(customer);
    }

    @GetMapping("/customers/{id}")
    @SandboxOperation("customers.get")
    public Customer customer(@PathVariable String id) {
        return erp.customer(id);
    }

    @GetMapping("/customers")
    @SandboxOperation("customers.list")
    public List<Customer> customers(@RequestParam(required = false) String externalId) {
        return erp.customers(externalId);
    }

    /**
     * Changes a customer's attributes (present fields) if it is still at {@code expectedVersion}: optimistic
     * concurrency, 409 with {@code currentVersion} otherwise. Bumps {@code version}.
     */
    @PatchMapping("/customers/{id}")
    @SandboxOperation("customers.update")
    public Customer updateCustomer(@PathVariable String id, @Valid @RequestBody CustomerUpdate request) {
        return erp.updateCustomer(id, request);
    }

    /** ACTIVE → INACTIVE; idempotent. New projects and receivables for an inactive customer answer 409. */
    @PostMapping("/customers/{id}/deactivate")
    @SandboxOperation("customers.deactivate")
    public Customer deactivate(@PathVariable String id) {
        return erp.deactivateCustomer(id);
    }

    /** A live (OPEN) project with the same {@code externalRef} answers 409 with its id; a CLOSED one does not block. */
    @PostMapping("/projects")
    @SandboxOperation("projects.create")
    public ResponseEntity<ErpProject> createProject(@Valid @RequestBody ProjectRequest request) {
        ErpProject project = erp.createProject(request);
        return ResponseEntity.created(URI.create("/erp/v1/projects/" + project.id())).body(project);
    }

    @GetMapping("/projects/{id}")
    @SandboxOperation("projects.get")
    public ErpProject project(@PathVariable String id) {
        return erp.project(id);
    }

    /**
     * Without paging parameters every project (filtered), oldest first. With {@code externalRefAfter},
     * {@code externalRefThrough}, {@code limit} or {@code cursor}: a page ({@code items, nextCursor}) of those whose
     * external ref lies in the range, by external ref then id (byte order), for a reconciliation.
     */
    @GetMapping("/projects")
    @SandboxOperation("projects.list")
    public Object projects(@RequestParam(required = false) String externalRef,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) String externalRefAfter,
            @RequestParam(required = false) String externalRefThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (!KeyRange.requested(externalRefAfter, externalRefThrough, limit, cursor)) {
            return erp.projects(externalRef, customerId);
        }
        return erp.projectsByExternalRef(externalRefAfter, externalRefThrough, limit, cursor);
    }

    /** OPEN → CLOSED; idempotent. */
    /** Changes {@code name, revenueMethod, endDate, contractAmount} (present fields); CLOSED → 409. */
    @PatchMapping("/projects/{id}")
    @SandboxOperation("projects.update")
    public ErpProject updateProject(@PathVariable String id, @Valid @RequestBody ProjectUpdate request) {
        return erp.updateProject(id, request);
    }

    @PostMapping("/projects/{id}/close")
    @SandboxOperation("projects.close")
    public ErpProject close(@PathVariable String id) {
        return erp.closeProject(id);
    }

    @PostMapping("/receivables")
    @SandboxOperation("receivables.create")
    public ResponseEntity<Receivable> createReceivable(@Valid @RequestBody ReceivableRequest request) {
        Receivable receivable = erp.createReceivable(request);
        return ResponseEntity.created(URI.create("/erp/v1/receivables/" + receivable.id())).body(receivable);
    }

    @GetMapping("/receivables/{id}")
    @SandboxOperation("receivables.get")
    public Receivable receivable(@PathVariable String id) {
        return erp.receivable(id);
    }

    /**
     * Without paging parameters every receivable (filtered), oldest first. With {@code invoiceRefAfter},
     * {@code invoiceRefThrough}, {@code limit} or {@code cursor}: a page ({@code items, nextCursor}) of the
     * receivables whose invoice ref lies in the range, by invoice ref (byte order), for a reconciliation.
     */
    @GetMapping("/receivables")
    @SandboxOperation("receivables.list")
    public Object receivables(@RequestParam(required = false) String customerId,
            @RequestParam(required = false) String invoiceRef, @RequestParam(required = false) String invoiceRefAfter,
            @RequestParam(required = false) String invoiceRefThrough, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (!KeyRange.requested(invoiceRefAfter, invoiceRefThrough, limit, cursor)) {
            return erp.receivables(customerId, invoiceRef);
        }
        return erp.receivablePage(invoiceRefAfter, invoiceRefThrough, limit, cursor);
    }

    /** Applies a payment; the balance goes down (status PARTIALLY_PAID / PAID); overpayment answers 409. */
    @PostMapping("/receivables/{id}/payments")
    @SandboxOperation("receivables.payments.create")
    public ResponseEntity<ReceivablePayment> applyPayment(@PathVariable String id, @Valid @RequestBody PaymentRequest request) {
        return ResponseEntity.status(201).body(erp.applyPayment(id, request));
    }

    /** A credit lowers the balance (CREDITED at zero); the same {@code creditRef} again → 409 with {@code existingId}. */
    @PostMapping("/receivables/{id}/credits")
    @SandboxOperation("receivables.credits.create")
    public ResponseEntity<ReceivableCredit> applyCredit(@PathVariable String id, @Valid @RequestBody CreditRequest request) {
        return ResponseEntity.status(201).body(erp.applyCredit(id, request));
    }

    /** A write-off lowers the balance (WRITTEN_OFF at zero); more than the balance → 409. */
    @PostMapping("/receivables/{id}/write-offs")
    @SandboxOperation("receivables.write-offs.create")
    public ResponseEntity<ReceivableWriteOff> writeOff(@PathVariable String id, @Valid @RequestBody WriteOffRequest request) {
        return ResponseEntity.status(201).body(erp.writeOff(id, request));
    }

    /** The invoice was voided: an unpaid receivable → REVERSED (balance 0); idempotent; with payments → 409. */
    @PostMapping("/receivables/{id}/reverse")
    @SandboxOperation("receivables.reverse")
    public Receivable reverse(@PathVariable String id, @Valid @RequestBody ReverseRequest request) {
        return erp.reverse(id, request.reason());
    }

    /** The rate in force on {@code date}; 404 when none is. All three parameters are required. */
    @GetMapping("/exchange-rates")
    @SandboxOperation("exchange-rates.get")
    public ExchangeRate exchangeRate(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        Checks.start().required("from", from).required("to", to).required("date", date).orThrow();
        return erp.exchangeRate(from, to, date);
    }

    /** The legal entity's tax rate for a customer country in force on {@code date} (else its default); 404 when none. */
    @GetMapping("/tax-rates")
    @SandboxOperation("tax-rates.get")
    public TaxRate taxRate(@RequestParam(required = false) String legalEntity,
            @RequestParam(required = false) String country,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        Checks.start().required("legalEntity", legalEntity).required("country", country).required("date", date).orThrow();
        return erp.taxRate(legalEntity, country, date);
    }

    /** Unique per project, period and sourceRef (409 with existingId); the project OPEN (409) in its currency (400). */
    @PostMapping("/revenue-entries")
    @SandboxOperation("revenue-entries.create")
    public ResponseEntity<RevenueEntry> createRevenueEntry(@Valid @RequestBody RevenueEntryRequest request) {
        RevenueEntry entry = erp.createRevenueEntry(request);
        return ResponseEntity.created(URI.create("/erp/v1/revenue-entries/" + entry.id())).body(entry);
    }

    @GetMapping("/revenue-entries/{id}")
    @SandboxOperation("revenue-entries.get")
    public RevenueEntry revenueEntry(@PathVariable String id) {
        return erp.revenueEntry(id);
    }

    @GetMapping("/revenue-entries")
    @SandboxOperation("revenue-entries.list")
    public List<RevenueEntry> revenueEntries(@RequestParam(required = false) String projectId,
            @RequestParam(required = false) String period, @RequestParam(required = false) String sourceRef) {
        return erp.revenueEntries(projectId, period, sourceRef);
    }
}
