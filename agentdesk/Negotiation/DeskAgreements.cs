using System.Globalization;
using System.Text.Json;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.AgentDesk.Negotiation;

/// <summary>
/// Terms a person at the desk proposes to a debtor. Every part the kind needs is given: the desk does not fill
/// terms from the bot's ladder.
/// </summary>
/// <param name="Kind">plan, settlement or promise.</param>
/// <param name="Installments">Plan: payments after any down payment.</param>
/// <param name="Frequency">Plan: weekly, biweekly or monthly.</param>
/// <param name="DownPayment">Plan: the down payment (0 or absent for none).</param>
/// <param name="StartDate">Plan: the first payment's date.</param>
/// <param name="Amount">Settlement: the amount that settles the case; promise: the amount promised (absent: the whole balance).</param>
/// <param name="Date">Promise: the date the payment is promised for.</param>
public sealed record AgreementProposal(string Kind, int? Installments = null, string? Frequency = null, decimal? DownPayment = null, DateOnly? StartDate = null, decimal? Amount = null, DateOnly? Date = null);

/// <summary>
/// A proposal weighed against a creditor's limits: the terms it makes (whoever approves them), in words, and the
/// limits of the agent's authority it passes (none: the agent may agree it alone).
/// </summary>
public sealed record WeighedProposal(AgreementKind Kind, PlanTerms? Plan, Money? Settlement, PromiseTerms? Promise, string Summary, IReadOnlyList<string> BeyondAuthority);

/// <summary>
/// Agreements made at the desk: proposals weighed against the agent's authority (the creditor's
/// <see cref="Creditor.AgentAuthority"/>), and agreements made in the conversation the same way the bot makes them
/// (<see cref="Agreements"/>), with the debtor's confirmation from the same templates, sent by the person through the
/// compliance guard.
/// </summary>
public sealed class DeskAgreements(CollectionsDbContext db, PromptLibrary prompts, IPaymentLinks links)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The proposal as stored with a request for approval.</summary>
    public static string Serialize(AgreementProposal proposal) => JsonSerializer.Serialize(proposal, Json);

    /// <summary>A stored proposal.</summary>
    public static AgreementProposal Deserialize(string terms) => JsonSerializer.Deserialize<AgreementProposal>(terms, Json) ?? throw new InvalidOperationException("A stored proposal is empty.");

    /// <summary>
    /// Weighs a proposal: the terms it makes against the case's balance today (an <see cref="ArgumentException"/> says
    /// why when it makes none), and which limits of <paramref name="authority"/> it passes.
    /// </summary>
    public static WeighedProposal Weigh(AgreementProposal proposal, ConversationParties parties, NegotiationPolicy authority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(authority);
        if (parties.Case is null || parties.CollectibleBalance() is not { } balance)
        {
            throw new ArgumentException("This conversation has no open balance to agree on.");
        }

        var today = ContactWindow.LocalDate(parties.TimeZone, now);
        var unbounded = new Negotiator(NegotiationPolicy.Unbounded());
        var limited = new Negotiator(authority);
        switch (proposal.Kind?.Trim().ToLowerInvariant())
        {
            case "plan":
                if (proposal.Installments is null || proposal.StartDate is null || !Enum.TryParse<PaymentFrequency>(proposal.Frequency, ignoreCase: true, out var frequency) || frequency is not (PaymentFrequency.Weekly or PaymentFrequency.Biweekly or PaymentFrequency.Monthly))
                {
                    throw new ArgumentException("A plan needs the number of payments, a frequency (weekly, biweekly or monthly) and a start date.");
                }

                var request = new PlanRequest(Installments: proposal.Installments, Frequency: frequency, DownPayment: proposal.DownPayment ?? 0m, StartDate: proposal.StartDate);
                var planned = unbounded.EvaluatePlan(request, balance, today, 0);
                var plan = planned is { Outcome: NegotiationOutcome.Accept, Terms: { } laid } ? laid : throw Unusable(planned.Breaches);
                var planLimits = limited.EvaluatePlan(request, balance, today, authority.ConcessionSteps);
                return new(AgreementKind.Plan, plan, null, null, Describe(plan), planLimits.Outcome == NegotiationOutcome.Accept ? [] : planLimits.Breaches);
            case "settlement":
                if (proposal.Amount is null)
                {
                    throw new ArgumentException("A settlement needs the amount that settles the case.");
                }

                var settled = unbounded.EvaluateSettlement(proposal.Amount, null, balance, 0);
                var settlement = settled is { Outcome: NegotiationOutcome.Accept, Amount: { } amount } ? amount : throw Unusable(settled.Breaches);
                var settlementLimits = limited.EvaluateSettlement(proposal.Amount, null, balance, authority.ConcessionSteps);
                var off = decimal.Round((1 - (settlement.Amount / balance.Amount)) * 100m, 1);
                return new(AgreementKind.Settlement, null, settlement, null, $"Settle for {Words.Money(settlement)} of {Words.Money(balance)} ({off.ToString(CultureInfo.InvariantCulture)}% off), paid within {authority.MaxPromiseDays} days", settlementLimits.Outcome == NegotiationOutcome.Accept ? [] : settlementLimits.Breaches);
            case "promise":
                if (proposal.Date is null)
                {
                    throw new ArgumentException("A promise needs the date the payment is promised for.");
                }

                var promised = unbounded.EvaluatePromise(proposal.Amount, proposal.Date, balance, today, 0);
                var promise = promised is { Outcome: NegotiationOutcome.Accept, Terms: { } taken } ? taken : throw Unusable(promised.Breaches);
                var promiseLimits = limited.EvaluatePromise(proposal.Amount, proposal.Date, balance, today, authority.ConcessionSteps);
                return new(AgreementKind.Promise, null, null, promise, $"Pay {Words.Money(promise.Amount)} by {promise.Date:yyyy-MM-dd} (balance {Words.Money(balance)})", promiseLimits.Outcome == NegotiationOutcome.Accept ? [] : promiseLimits.Breaches);
            default:
                throw new ArgumentException("Propose a plan, a settlement or a promise.");
        }
    }

    /// <summary>
    /// Makes the agreement in the conversation: records it (a plan replaces the plan in force; a promise; a settlement
    /// in the audit trail), issues the payment link where there is one, and queues the debtor's confirmation from
    /// <paramref name="sender"/> through the guard. The caller saves.
    /// </summary>
    public async Task<QueuedMessage> MakeAsync(WeighedProposal weighed, Conversation conversation, ConversationParties parties, NegotiationPolicy authority, string sender, string agreedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weighed);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(authority);
        var collectionCase = parties.Case ?? throw new ArgumentException("This conversation has no case.");
        var channel = conversation.Channel;
        var today = ContactWindow.LocalDate(parties.TimeZone, now);
        var model = ConversationWords.ForParties(parties, channel, today);
        string key;
        switch (weighed.Kind)
        {
            case AgreementKind.Plan:
                var terms = weighed.Plan!;
                var plan = await Agreements.RecordPlanAsync(db, collectionCase, terms, agreedBy, now, cancellationToken).ConfigureAwait(false);
                db.Record(AuditEvent.OnConversation(now, sender, "plan.agreed", conversation, new { plan = plan.Id, total = plan.Total, down = plan.DownPayment, installments = plan.Installments.Select(i => new { i.Sequence, i.DueDate, i.Amount }), agreedBy }));
                var planLink = await Agreements.IssueLinkAsync(db, links, parties, conversation.Id, Agreements.FirstPayment(plan, terms.Total.Currency, now), sender, now, cancellationToken).ConfigureAwait(false);
                key = "plan.accepted";
                model = model.WithPlan(terms, channel) with { Url = planLink.Url.ToString() };
                break;
            case AgreementKind.Settlement:
                var agreed = weighed.Settlement!.Value;
                var payBy = today.AddDays(authority.MaxPromiseDays);
                var settlementLink = await Agreements.IssueLinkAsync(db, links, parties, conversation.Id, new PaymentLinkRequest(Guid.CreateVersion7(now), collectionCase.Id, agreed, PaymentPurpose.Settlement, [.. parties.Collectible.Select(i => i.Id)]), sender, now, cancellationToken).ConfigureAwait(false);
                Agreements.MarkArranged(collectionCase, now);
                db.Record(AuditEvent.OnConversation(now, sender, "settlement.agreed", conversation, new { amount = agreed.Amount, currency = agreed.Currency.Code, balance = parties.CollectibleBalance()?.Amount, payBy, attempt = settlementLink.AttemptId, agreedBy }));
                key = "settlement.accepted";
                model = model with { Amount = Words.Money(agreed), Date = Words.Date(payBy, channel), Url = settlementLink.Url.ToString() };
                break;
            default:
                var promised = weighed.Promise!;
                var promise = Agreements.RecordPromise(db, collectionCase, parties.Contact?.Id, promised, now);
                db.Record(AuditEvent.OnConversation(now, sender, "promise.recorded", conversation, new { promise = promise.Id, amount = promised.Amount.Amount, currency = promised.Amount.Currency.Code, date = promised.Date, agreedBy }));
                key = "promise.accepted";
                model = model with { Amount = Words.Money(promised.Amount), Date = Words.Date(promised.Date, channel) };
                break;
        }

        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken).ConfigureAwait(false);
        var text = prompts.Render(key, parties.Tone, model);
        return outbox.Queue(new OutboundDraft(text, MessagePurpose.Collection, IsReply: true, DisclosesDebt: true), SenderKind.Agent, sender, key, null, now);
    }

    private static ArgumentException Unusable(IReadOnlyList<string> breaches) =>
        new($"These terms cannot be agreed ({string.Join(", ", breaches)}).");

    private static string Describe(PlanTerms terms)
    {
        var regular = terms.Schedule.Where(s => s.Sequence > 0).ToList();
        var down = terms.DownPayment.IsPositive ? $", down payment {Words.Money(terms.DownPayment)}" : "";
        return $"{terms.Installments} {Words.Frequency(terms.Frequency)} payments of {(regular.Count > 0 ? Words.Money(regular[0].Amount) : "")} from {terms.StartDate:yyyy-MM-dd}{down}, total {Words.Money(terms.Total)}, last on {terms.LastDueDate:yyyy-MM-dd}";
    }

}
