using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Negotiation;

/// <summary>Where a plan negotiation stands.</summary>
public sealed class PaymentPlanState
{
    /// <summary>Counters made so far (the concession ladder's position).</summary>
    public int Round { get; set; }

    /// <summary>The terms on the table, waiting for yes or no; null while asking what the debtor can manage.</summary>
    public PlanRequest? Offer { get; set; }
}

/// <summary>
/// Negotiates a payment plan inside the creditor's limits: the bot opens with the terms best for the creditor and
/// concedes along the ladder; a proposal inside the limits is accepted and confirmed with its full schedule; one
/// outside gets the nearest acceptable counter; insisting beyond the limits goes to a person for approval. The
/// limits themselves are never stated.
/// </summary>
public sealed class PaymentPlanDialog : Dialog<PaymentPlanState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.PaymentPlan;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, PaymentPlanState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (Setup(turn) is not var (negotiator, balance))
        {
            Details.RequestDetailsHandler.Explain(turn);
            return Task.FromResult(DialogStatus.Complete);
        }

        NegotiationWords.MarkNegotiating(turn);
        var request = NegotiationWords.PlanRequest(turn.Recognition);
        if (request.IsEmpty)
        {
            // Nothing proposed yet: open with the ladder's first step.
            var opening = negotiator.OpeningPlan(balance, turn.Today);
            return Task.FromResult(Offer(turn, state, opening, "negotiation.opening", []));
        }

        return EvaluateAsync(turn, state, negotiator, balance, request);
    }

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, PaymentPlanState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (Setup(turn) is not var (negotiator, balance))
        {
            Details.RequestDetailsHandler.Explain(turn);
            return Task.FromResult(DialogStatus.Complete);
        }

        var request = NegotiationWords.PlanRequest(turn.Recognition);
        if (turn.Intent == Intents.Affirm && state.Offer is { } offer && request.IsEmpty)
        {
            return EvaluateAsync(turn, state, negotiator, balance, offer);
        }

        if (request.IsEmpty)
        {
            // "No" (or nothing usable): ask what they can manage.
            state.Offer = null;
            turn.Say("plan.ask_terms");
            return Task.FromResult(DialogStatus.Waiting);
        }

        // A partial counter-proposal keeps what the table already had for the parts not mentioned.
        var merged = state.Offer is { } table && request.Installments is null && request.InstallmentAmount is null
            ? table with { DownPayment = request.DownPayment ?? table.DownPayment, Frequency = request.Frequency ?? table.Frequency, StartDate = request.StartDate ?? table.StartDate }
            : request;
        return EvaluateAsync(turn, state, negotiator, balance, merged);
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, PaymentPlanState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Offer is { } offer && Setup(turn) is var (negotiator, balance))
        {
            var decision = negotiator.EvaluatePlan(offer, balance, turn.Today, state.Round);
            if (decision.Terms is { } terms)
            {
                turn.Say("plan.offer", turn.Model().WithPlan(terms, turn.Conversation.Channel), MessagePurpose.Collection, disclosesDebt: true);
                return;
            }
        }

        turn.Say("plan.ask_terms");
    }

    /// <summary>Answers to the pending question: yes, no, or terms.</summary>
    protected override bool Accepts(TurnContext turn, PaymentPlanState state) =>
        turn.Intent is Intents.Affirm or Intents.Deny or Intents.PaymentPlan or Intents.PromiseToPay ||
        (turn.Intent is Intents.Other or Intents.Hardship && !NegotiationWords.PlanRequest(turn.Recognition).IsEmpty);

    private static (Negotiator Negotiator, Money Balance)? Setup(TurnContext turn) =>
        turn.Parties is { Creditor: { } creditor, Case: not null } parties && parties.CollectibleBalance() is { } balance
            ? (new Negotiator(creditor.Policy), balance)
            : null;

    private static async Task<DialogStatus> EvaluateAsync(TurnContext turn, PaymentPlanState state, Negotiator negotiator, Money balance, PlanRequest request)
    {
        var decision = negotiator.EvaluatePlan(request, balance, turn.Today, state.Round);
        switch (decision.Outcome)
        {
            case NegotiationOutcome.Accept when decision.Terms is { } terms && terms.DownPayment.IsPositive && request.DownPayment is null && request.DownPaymentPercent is null:
                // Inside the limits, but with a down payment the debtor did not mention: show it and ask first.
                return Offer(turn, state, terms, "negotiation.completed", decision.Breaches);
            case NegotiationOutcome.Accept when decision.Terms is { } terms:
                await AgreeAsync(turn, terms).ConfigureAwait(false);
                return DialogStatus.Complete;
            case NegotiationOutcome.Counter when decision.Terms is { } counter:
                state.Round++;
                return Offer(turn, state, counter, "negotiation.counter", decision.Breaches);
            case NegotiationOutcome.Escalate:
                turn.Audit("negotiation.escalated", new { kind = "plan", request, breaches = decision.Breaches, round = state.Round });
                turn.HandOff(HandoffReason.BeyondLimits, $"Plan request beyond limits after {state.Round} counter(s): {Describe(request)}; breaks {string.Join(", ", decision.Breaches)}.", "handoff.beyond_limits");
                return DialogStatus.Cancelled;
            default:
                state.Offer = null;
                turn.Say("plan.ask_terms");
                return DialogStatus.Waiting;
        }
    }

    private static DialogStatus Offer(TurnContext turn, PaymentPlanState state, PlanTerms terms, string action, IReadOnlyList<string> breaches)
    {
        if (terms.Installments == 1 && !terms.DownPayment.IsPositive)
        {
            // The balance is too small to split: a single payment is the only plan.
            turn.Audit(action, new { kind = "plan", single = true, total = terms.Total.Amount, breaches, round = state.Round });
            state.Offer = new PlanRequest(null, 1, terms.Frequency, 0m, null, terms.StartDate);
            turn.Say("plan.small_balance", turn.Model() with { Date = Core.Wording.Words.Date(terms.StartDate, turn.Conversation.Channel) }, MessagePurpose.Collection, disclosesDebt: true);
            return DialogStatus.Waiting;
        }

        state.Offer = new PlanRequest(null, terms.Installments, terms.Frequency, terms.DownPayment.Amount, null, terms.StartDate);
        turn.Audit(action, new { kind = "plan", down = terms.DownPayment.Amount, terms.Installments, frequency = terms.Frequency.ToString(), start = terms.StartDate, breaches, round = state.Round });
        turn.Say("plan.offer", turn.Model().WithPlan(terms, turn.Conversation.Channel), MessagePurpose.Collection, disclosesDebt: true);
        return DialogStatus.Waiting;
    }

    private static async Task AgreeAsync(TurnContext turn, PlanTerms terms)
    {
        var plan = await Agreements.RecordPlanAsync(turn.Db, turn.Parties.Case!, terms, "bot", turn.Now, CancellationToken.None).ConfigureAwait(false);
        turn.Audit("plan.agreed", new { plan = plan.Id, total = plan.Total, down = plan.DownPayment, installments = plan.Installments.Select(i => new { i.Sequence, i.DueDate, i.Amount }) });

        // The confirmation carries a link for the first payment, so it can be made at once.
        var link = await turn.PaymentLinkAsync(Agreements.FirstPayment(plan, terms.Total.Currency, turn.Now), CancellationToken.None).ConfigureAwait(false);
        turn.Say("plan.accepted", turn.Model().WithPlan(terms, turn.Conversation.Channel) with { Url = link.Url.ToString() }, MessagePurpose.Collection, disclosesDebt: true);
    }

    private static string Describe(PlanRequest request) =>
        string.Join(", ", new[]
        {
            request.DownPayment is { } d ? $"down {d}" : null,
            request.DownPaymentPercent is { } p ? $"down {p}%" : null,
            request.Installments is { } n ? $"{n} payments" : null,
            request.InstallmentAmount is { } a ? $"{a} each" : null,
            request.Frequency?.ToString(),
            request.StartDate is { } s ? $"from {s:yyyy-MM-dd}" : null,
        }.OfType<string>());
}
