using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Negotiation;

/// <summary>Where a promise-to-pay negotiation stands.</summary>
public sealed class PromiseState
{
    /// <summary>Counters made so far.</summary>
    public int Round { get; set; }

    /// <summary>The amount the debtor promised (null: the whole balance).</summary>
    public decimal? Amount { get; set; }

    /// <summary>The date the bot last proposed, waiting for yes or no.</summary>
    public DateOnly? Offer { get; set; }
}

/// <summary>
/// Takes a promise to pay: a date within the creditor's limit is recorded and confirmed; a later one gets the
/// nearest acceptable date on the ladder; insisting beyond the limit goes to a person.
/// </summary>
public sealed class PromiseToPayDialog : Dialog<PromiseState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.PromiseToPay;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, PromiseState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        NegotiationWords.MarkNegotiating(turn);
        return ContinueAsync(turn, state);
    }

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, PromiseState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (turn.Parties is not { Creditor: { } creditor, Case: { } collectionCase } parties || parties.CollectibleBalance() is not { } balance)
        {
            Details.RequestDetailsHandler.Explain(turn);
            return Task.FromResult(DialogStatus.Complete);
        }

        state.Amount = NegotiationWords.Amount(turn.Recognition) ?? state.Amount;
        var date = NegotiationWords.Date(turn.Recognition) ?? (turn.Intent == Intents.Affirm ? state.Offer : null);
        var decision = new Negotiator(creditor.Policy).EvaluatePromise(state.Amount, date, balance, turn.Today, state.Round);
        var channel = turn.Conversation.Channel;
        switch (decision.Outcome)
        {
            case NegotiationOutcome.Accept when decision.Terms is { } terms:
                var promise = Agreements.RecordPromise(turn.Db, collectionCase, parties.Contact?.Id, terms, turn.Now);
                turn.Audit("promise.recorded", new { promise = promise.Id, amount = terms.Amount.Amount, currency = terms.Amount.Currency.Code, date = terms.Date });
                turn.Say("promise.accepted", turn.Model() with { Amount = Words.Money(terms.Amount), Date = Words.Date(terms.Date, channel) }, MessagePurpose.Collection, disclosesDebt: true);
                return Task.FromResult(DialogStatus.Complete);
            case NegotiationOutcome.Counter when decision.Terms is { } counter:
                state.Round++;
                state.Offer = counter.Date;
                state.Amount = counter.Amount.Amount;
                turn.Audit("negotiation.counter", new { kind = "promise", requested = decision.Requested?.Date, counter = counter.Date, amount = counter.Amount.Amount, breaches = decision.Breaches, round = state.Round });
                turn.Say(decision.Breaches.Contains(NegotiationBreaches.MinPromiseAmount) && !decision.Breaches.Contains(NegotiationBreaches.MaxPromiseDays) ? "promise.too_small" : "promise.counter",
                    turn.Model() with { Amount = Words.Money(counter.Amount), Date = Words.Date(counter.Date, channel) }, MessagePurpose.Collection, disclosesDebt: true);
                return Task.FromResult(DialogStatus.Waiting);
            case NegotiationOutcome.Escalate:
                turn.Audit("negotiation.escalated", new { kind = "promise", requested = decision.Requested?.Date, breaches = decision.Breaches, round = state.Round });
                turn.HandOff(HandoffReason.BeyondLimits, $"Promise to pay {(decision.Requested is { } r ? $"{Words.Money(r.Amount)} on {r.Date:yyyy-MM-dd}" : "")} beyond limits after {state.Round} counter(s).", "handoff.beyond_limits");
                return Task.FromResult(DialogStatus.Cancelled);
            default:
                state.Offer = null;
                turn.Say(decision.Breaches.Contains(NegotiationBreaches.InvalidDate) ? "promise.past_date" : "promise.ask_date");
                return Task.FromResult(DialogStatus.Waiting);
        }
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, PromiseState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Offer is { } offer)
        {
            turn.Say("promise.counter", turn.Model() with { Date = Words.Date(offer, turn.Conversation.Channel) }, MessagePurpose.Collection, disclosesDebt: true);
            return;
        }

        turn.Say("promise.ask_date");
    }

    /// <summary>Answers to the pending question: yes, no, or a date.</summary>
    protected override bool Accepts(TurnContext turn, PromiseState state) =>
        turn.Intent is Intents.Affirm or Intents.Deny or Intents.PromiseToPay ||
        (turn.Intent is Intents.Other or Intents.PayFull && NegotiationWords.Date(turn.Recognition) is not null);
}
