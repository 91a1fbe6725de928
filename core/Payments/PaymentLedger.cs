using System.Text.Json;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Payments;

/// <summary>Money a provider (or an agent) reports received.</summary>
/// <param name="Source">"stripe", "sandbox" or "offline".</param>
/// <param name="Reference">The provider's id for the money (a PaymentIntent id, a bank reference): one payment per reference.</param>
/// <param name="Amount">What was paid.</param>
/// <param name="Method">How.</param>
/// <param name="PaidAt">When.</param>
/// <param name="AttemptId">The payment link it came through, if any.</param>
/// <param name="CaseId">The case, when there is no attempt (an offline payment).</param>
/// <param name="Actor">Who records it, for the audit trail.</param>
public sealed record ReceivedPayment(string Source, string Reference, Money Amount, PaymentMethod Method, DateTimeOffset PaidAt, Guid? AttemptId, Guid? CaseId = null, string Actor = "system");

/// <summary>What recording a payment did.</summary>
/// <param name="Payment">The payment (the one recorded before, for a repeat).</param>
/// <param name="AlreadyRecorded">True when this money had been recorded before: nothing changed.</param>
/// <param name="Credit">What was left after every open invoice was paid: held as credit, never lost.</param>
/// <param name="Receipt">The receipt message queued to the debtor, if any.</param>
public sealed record RecordedPayment(Payment Payment, bool AlreadyRecorded, Money Credit, Message? Receipt);

/// <summary>
/// The one place money lands, whoever reports it (Stripe, the sandbox page, an agent): a payment allocated to the
/// invoices it was for, then the oldest due first, with any excess held as credit; the plan's installments and
/// pending promises counted; the case's stage following its balance; the attempt marked paid; an audit event; and a
/// receipt to the debtor on the channel the link went out on, through the compliance guard. Recording the same money
/// twice (a redelivered event, two events about one payment) changes nothing. Reversals (refund, chargeback) reopen
/// the balance and ask a person to look. Changes join the caller's unit of work; the caller saves.
/// </summary>
public static class PaymentLedger
{
    /// <summary>Records received money once.</summary>
    public static async Task<RecordedPayment> RecordAsync(CollectionsDbContext db, PromptLibrary prompts, ReceivedPayment received, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(received);
        if (!received.Amount.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(received), "A payment is a positive amount.");
        }

        var existing = db.Payments.Local.FirstOrDefault(p => p.Source == received.Source && p.ExternalReference == received.Reference)
            ?? await db.Payments.Include(p => p.Allocations).SingleOrDefaultAsync(p => p.Source == received.Source && p.ExternalReference == received.Reference, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return new RecordedPayment(existing, true, new Money(existing.UnappliedAmount, existing.Money.Currency), null);
        }

        var attempt = received.AttemptId is { } attemptId
            ? db.PaymentAttempts.Local.FirstOrDefault(a => a.Id == attemptId)
                ?? await db.PaymentAttempts.SingleOrDefaultAsync(a => a.Id == attemptId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Payment attempt {attemptId} is not ours.")
            : null;
        var caseId = attempt?.CaseId ?? received.CaseId ?? throw new ArgumentException("A payment needs its attempt or its case.", nameof(received));
        var collectionCase = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken).ConfigureAwait(false);
        var invoices = await db.Invoices.Where(i => i.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);

        var payment = new Payment(collectionCase, received.Amount, received.Method, received.Source, received.Reference, received.PaidAt);
        var allocations = payment.Allocate(invoices, attempt?.Invoices);
        db.Payments.Add(payment);
        var credit = new Money(payment.UnappliedAmount, received.Amount.Currency);

        // Plans and promises count the money whatever invoice it went to.
        var planId = attempt?.PlanId;
        var plans = await db.PaymentPlans.Include(p => p.Installments)
            .Where(p => p.CaseId == caseId && (p.Status == PlanStatus.Active || p.Status == PlanStatus.Broken) && p.CurrencyCode == received.Amount.Currency.Code)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var plan = plans.FirstOrDefault(p => p.Id == planId) ?? plans.OrderBy(p => p.CreatedAt).FirstOrDefault();
        plan?.ApplyPayment(received.Amount, plan.Id == planId ? attempt?.InstallmentId : null);

        var timeZone = await TimeZoneOfAsync(db, collectionCase, cancellationToken).ConfigureAwait(false);
        var paidOn = ContactWindow.LocalDate(timeZone, received.PaidAt);
        var promises = await db.Promises.Where(p => p.CaseId == caseId && p.Status == PromiseStatus.Pending).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var promise in promises)
        {
            promise.RecordPayment(received.Amount, paidOn, now);
        }

        collectionCase.Reconcile(invoices, now);
        attempt?.Complete(payment.Id, now);
        db.Record(new AuditEvent(now, received.Actor, "payment.received", nameof(Payment), payment.Id.ToString(), JsonSerializer.Serialize(new
        {
            source = received.Source,
            reference = received.Reference,
            amount = received.Amount.Amount,
            currency = received.Amount.Currency.Code,
            method = received.Method.ToString(),
            attempt = attempt?.Id,
            allocations = allocations.Select(a => new { invoice = a.InvoiceId, a.Amount }),
            credit = credit.Amount,
            plan = plan?.Id,
            installmentsPaid = plan?.PaidCount,
            promisesKept = promises.Where(p => p.Status == PromiseStatus.Kept).Select(p => p.Id),
        }))
        { CaseId = caseId, CreditorId = collectionCase.CreditorId });

        var receipt = attempt?.ConversationId is { } conversationId
            ? await QueueReceiptAsync(db, prompts, conversationId, payment, invoices, plan, credit, now, cancellationToken).ConfigureAwait(false)
            : null;
        return new RecordedPayment(payment, false, credit, receipt);
    }

    /// <summary>
    /// Reverses a recorded payment (refund or chargeback): its allocations come off, the balance reopens, the case
    /// follows, and a task asks a person to look. Returns false when there is nothing (more) to reverse.
    /// </summary>
    public static async Task<bool> ReverseAsync(CollectionsDbContext db, string source, string reference, PaymentStatus reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payment = await db.Payments.Include(p => p.Allocations).SingleOrDefaultAsync(p => p.Source == source && p.ExternalReference == reference, cancellationToken).ConfigureAwait(false);
        if (payment is null || payment.Status != PaymentStatus.Succeeded)
        {
            return false;
        }

        var invoices = await db.Invoices.Where(i => i.CaseId == payment.CaseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var collectionCase = await db.Cases.SingleAsync(c => c.Id == payment.CaseId, cancellationToken).ConfigureAwait(false);
        payment.Reverse(invoices, reason);
        collectionCase.Reconcile(invoices, now);
        var what = reason == PaymentStatus.ChargedBack ? "charged back" : "refunded";
        db.FollowUps.Add(new FollowUpTask(payment.CaseId, null, FollowUpKind.ReviewReversedPayment, now,
            $"Payment {reference} of {Words.Money(payment.Money)} was {what}; its invoices are open again.", now));
        db.Record(new AuditEvent(now, "system", reason == PaymentStatus.ChargedBack ? "payment.charged_back" : "payment.refunded", nameof(Payment), payment.Id.ToString(),
            JsonSerializer.Serialize(new { source, reference, amount = payment.Amount, currency = payment.CurrencyCode }))
        { CaseId = payment.CaseId, CreditorId = payment.CreditorId });
        return true;
    }

    private static async Task<Message?> QueueReceiptAsync(CollectionsDbContext db, PromptLibrary prompts, Guid conversationId, Payment payment, List<Invoice> invoices, PaymentPlan? plan, Money credit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false);
        var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
        parties = parties with { Invoices = invoices };
        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken).ConfigureAwait(false);
        var open = invoices.Where(i => i.IsCollectible && i.CurrencyCode == payment.CurrencyCode).Sum(i => i.Balance);
        var model = PromptModel.For(conversation.Channel) with
        {
            ContactName = parties.Contact?.Name ?? "",
            CreditorName = parties.Creditor?.Name ?? "",
            Amount = Words.Money(payment.Money),
            Date = Words.Date(ContactWindow.LocalDate(parties.TimeZone, payment.ReceivedAt), conversation.Channel),
            Total = open > 0m ? Words.Money(new Money(open, payment.Money.Currency)) : "",
            Installments = plan?.Installments.Count ?? 0,
            PaidInstallments = plan?.PaidCount ?? 0,
            Credit = credit.IsPositive ? Words.Money(credit) : "",
        };
        var key = plan is not null ? "payment.receipt_plan" : "payment.receipt";
        var text = prompts.Render(key, parties.Tone, model with { Url = "" });
        // A receipt answers what the debtor just did (paid), like a reply to their message: it goes out at any hour
        // and does not count against the cap on messages we start. Opt-outs, cease flags and identity still hold.
        var queued = outbox.Queue(new OutboundDraft(text, MessagePurpose.Service, IsReply: true, DisclosesDebt: true), SenderKind.System, null, key, null, now);
        return queued.Message;
    }

    private static async Task<string> TimeZoneOfAsync(CollectionsDbContext db, CollectionCase collectionCase, CancellationToken cancellationToken) =>
        await db.Creditors.Where(c => c.Id == collectionCase.CreditorId).Select(c => c.TimeZone).SingleAsync(cancellationToken).ConfigureAwait(false);
}
