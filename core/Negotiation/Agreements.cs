using System.Text.Json;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Negotiation;

/// <summary>
/// Making an agreement with a debtor on the record, the same way whoever agreed it (the bot inside its limits, an
/// agent inside theirs, or a supervisor's approval): a plan replaces the plan in force, a promise is recorded, the
/// case moves to Arranged, and a payment link is issued through the payments port and recorded as an attempt of the
/// conversation (so the receipt comes back to it).
/// </summary>
public static class Agreements
{
    // Compiled once: every plan a conversation agrees asks it.
    private static readonly Func<CollectionsDbContext, Guid, IAsyncEnumerable<PaymentPlan>> ActivePlansOf =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid caseId) => db.PaymentPlans.Where(p => p.CaseId == caseId && p.Status == PlanStatus.Active));

    /// <summary>Records an agreed plan, active at once; the plan in force before it is cancelled.</summary>
    public static async Task<PaymentPlan> RecordPlanAsync(CollectionsDbContext db, CollectionCase collectionCase, PlanTerms terms, string agreedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(collectionCase);
        ArgumentNullException.ThrowIfNull(terms);
        await foreach (var existing in ActivePlansOf(db, collectionCase.Id).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            existing.Cancel();
        }

        var plan = terms.ToPlan(collectionCase.Id, agreedBy, now);
        plan.Activate();
        db.PaymentPlans.Add(plan);
        MarkArranged(collectionCase, now);
        return plan;
    }

    /// <summary>Records a promise to pay.</summary>
    public static PromiseToPay RecordPromise(CollectionsDbContext db, CollectionCase collectionCase, Guid? contactId, PromiseTerms terms, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(collectionCase);
        ArgumentNullException.ThrowIfNull(terms);
        var promise = terms.ToPromise(collectionCase.Id, contactId, now);
        db.Promises.Add(promise);
        MarkArranged(collectionCase, now);
        return promise;
    }

    /// <summary>Moves the case to Arranged when its stage allows.</summary>
    public static void MarkArranged(CollectionCase collectionCase, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(collectionCase);
        if (CollectionCase.AllowedTransitions(collectionCase.Stage).Contains(CaseStage.Arranged))
        {
            collectionCase.MoveTo(CaseStage.Arranged, now);
        }
    }

    /// <summary>The link request for a plan's first payment (its down payment, or its first installment).</summary>
    public static PaymentLinkRequest FirstPayment(PaymentPlan plan, Currency currency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var first = plan.Installments.OrderBy(i => i.Sequence).First();
        var what = first.Sequence == 0
            ? "Payment plan down payment"
            : $"Payment plan installment {first.Sequence} of {plan.Installments.Count(i => i.Sequence > 0)}";
        return new PaymentLinkRequest(Guid.CreateVersion7(now), plan.CaseId, new Money(first.Amount, currency), PaymentPurpose.Installment, [], plan.Id, first.Id, what);
    }

    /// <summary>
    /// Creates a payment link through the payments port and records the attempt with the conversation (the receipt
    /// goes back to it when it is paid), with an audit event by <paramref name="actor"/>.
    /// </summary>
    public static async Task<PaymentLink> IssueLinkAsync(CollectionsDbContext db, IPaymentLinks links, ConversationParties parties, Guid conversationId, PaymentLinkRequest request, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(request);
        request = request with { Description = Describe(parties, request) };
        var attempt = new PaymentAttempt(request, conversationId, links.Provider, now);
        db.PaymentAttempts.Add(attempt);
        var link = await links.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (link.ProviderReference is { } reference)
        {
            attempt.LinkTo(reference);
        }

        db.Record(new AuditEvent(now, actor, "payment.link_sent", nameof(Conversation), conversationId.ToString(),
            JsonSerializer.Serialize(new { attempt = attempt.Id, amount = request.Amount.Amount, currency = request.Amount.Currency.Code, purpose = request.Purpose.ToString(), plan = request.PlanId, installment = request.InstallmentId }))
        {
            CreditorId = parties.Creditor?.Id,
            CaseId = parties.Case?.Id,
        });
        return link;
    }

    /// <summary>
    /// What a link pays, as the provider's page shows it: the creditor, then the request's own words or the invoices
    /// named, the open balance or the settlement.
    /// </summary>
    private static string Describe(ConversationParties parties, PaymentLinkRequest request)
    {
        var what = request.Description;
        if (string.IsNullOrWhiteSpace(what))
        {
            var invoices = parties.Invoices.Where(i => request.InvoiceIds.Contains(i.Id)).OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).Select(i => i.Number).ToList();
            what = request.Purpose switch
            {
                PaymentPurpose.Settlement => "Agreed settlement",
                PaymentPurpose.Installment => "Payment plan installment",
                _ when invoices.Count == 1 => $"Invoice {invoices[0]}",
                _ when invoices.Count > 1 => $"Invoices {string.Join(", ", invoices)}",
                _ => "Open balance",
            };
        }

        return parties.Creditor is { } creditor ? $"{creditor.Name}: {what}" : what;
    }
}
