using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Negotiation;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Negotiation;

/// <summary>Where a settlement negotiation stands.</summary>
public sealed class SettlementState
{
    /// <summary>Counters made so far.</summary>
    public int Round { get; set; }

    /// <summary>The amount the bot last offered to settle for, waiting for yes or no.</summary>
    public decimal? Offer { get; set; }
}

/// <summary>
/// Negotiates a reduced lump sum that closes the account: an offer inside the creditor's discount limit is
/// accepted with a payment link for it; below it gets a counter on the ladder; insisting beyond the limit goes to a
/// person. The settlement holds if paid within the creditor's promise period.
/// </summary>
public sealed class SettlementDialog : Dialog<SettlementState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.Settlement;

    /// <inheritdoc />
    protected override async Task<DialogStatus> BeginAsync(TurnContext turn, SettlementState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        NegotiationWords.MarkNegotiating(turn);
        return await ContinueAsync(turn, state).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<DialogStatus> ContinueAsync(TurnContext turn, SettlementState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (turn.Parties is not { Creditor: { } creditor, Case: { } collectionCase } parties || parties.CollectibleBalance() is not { } balance)
        {
            Details.RequestDetailsHandler.Explain(turn);
            return DialogStatus.Complete;
        }

        var negotiator = new Negotiator(creditor.Policy);
        var amount = NegotiationWords.Amount(turn.Recognition);
        var percent = NegotiationWords.Percent(turn.Recognition);
        if (amount is null && percent is null)
        {
            if (turn.Intent == Intents.Affirm && state.Offer is { } offered)
            {
                amount = offered;
            }
            else
            {
                state.Offer = null;
                turn.Say("settlement.ask_amount");
                return DialogStatus.Waiting;
            }
        }

        var decision = negotiator.EvaluateSettlement(amount, percent, balance, state.Round);
        var payBy = turn.Today.AddDays(creditor.Policy.MaxPromiseDays);
        switch (decision.Outcome)
        {
            case NegotiationOutcome.Accept when decision.Amount is { } agreed:
                var link = await turn.PaymentLinkAsync(new PaymentLinkRequest(Guid.CreateVersion7(turn.Now), collectionCase.Id, agreed, PaymentPurpose.Settlement, [.. parties.Collectible.Select(i => i.Id)]), CancellationToken.None).ConfigureAwait(false);
                NegotiationWords.MarkArranged(turn);
                turn.Audit("settlement.agreed", new { amount = agreed.Amount, currency = agreed.Currency.Code, balance = balance.Amount, payBy, attempt = link.AttemptId });
                turn.Say("settlement.accepted", turn.Model() with { Amount = Words.Money(agreed), Date = Words.Date(payBy, turn.Conversation.Channel), Url = link.Url.ToString() }, MessagePurpose.Collection, disclosesDebt: true);
                return DialogStatus.Complete;
            case NegotiationOutcome.Counter when decision.Amount is { } counter:
                state.Round++;
                state.Offer = counter.Amount;
                turn.Audit("negotiation.counter", new { kind = "settlement", offered = decision.Requested?.Amount, counter = counter.Amount, breaches = decision.Breaches, round = state.Round });
                turn.Say("settlement.counter", turn.Model() with { Amount = Words.Money(counter), Date = Words.Date(payBy, turn.Conversation.Channel) }, MessagePurpose.Collection, disclosesDebt: true);
                return DialogStatus.Waiting;
            case NegotiationOutcome.Escalate:
                turn.Audit("negotiation.escalated", new { kind = "settlement", offered = decision.Requested?.Amount, breaches = decision.Breaches, round = state.Round });
                turn.HandOff(HandoffReason.BeyondLimits, $"Settlement offer of {(decision.Requested is { } r ? Words.Money(r) : "an unstated amount")} on a balance of {Words.Money(balance)}, beyond limits after {state.Round} counter(s).", "handoff.beyond_limits");
                return DialogStatus.Cancelled;
            default:
                if (decision.Breaches.Contains(NegotiationBreaches.FullPayment))
                {
                    turn.Say("settlement.full_balance", turn.Model(), MessagePurpose.Collection, disclosesDebt: true);
                    return DialogStatus.Complete;
                }

                state.Offer = null;
                turn.Say("settlement.ask_amount");
                return DialogStatus.Waiting;
        }
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, SettlementState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Offer is { } offer && turn.Parties is { Creditor: { } creditor } parties && parties.CollectibleBalance() is { } balance)
        {
            turn.Say("settlement.counter", turn.Model() with { Amount = Words.Money(offer, balance.Currency.Code), Date = Words.Date(turn.Today.AddDays(creditor.Policy.MaxPromiseDays), turn.Conversation.Channel) }, MessagePurpose.Collection, disclosesDebt: true);
            return;
        }

        turn.Say("settlement.ask_amount");
    }

    /// <summary>Answers to the pending question: yes, no, or another amount.</summary>
    protected override bool Accepts(TurnContext turn, SettlementState state) =>
        turn.Intent is Intents.Affirm or Intents.Deny or Intents.SettlementOffer ||
        (turn.Intent is Intents.Other or Intents.PayFull && (NegotiationWords.Amount(turn.Recognition) is not null || NegotiationWords.Percent(turn.Recognition) is not null));
}
