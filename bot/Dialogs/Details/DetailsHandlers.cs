using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Wording;

namespace CollectionsBot.Bot.Dialogs.Details;

/// <summary>Explains the debt: open invoices, amounts, due dates and the total, worded for the channel.</summary>
public sealed class RequestDetailsHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.RequestDetails;

    /// <inheritdoc />
    public Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        Explain(turn);
        return Task.CompletedTask;
    }

    /// <summary>Says what is owed, or that nothing is open.</summary>
    public static void Explain(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var model = turn.Model();
        if (model.Invoices.Count == 0)
        {
            turn.Say("debt.nothing_open", model);
            return;
        }

        turn.Say(turn.Parties.CollectibleBalance() is null ? "debt.summary_mixed" : "debt.summary", model, MessagePurpose.Collection, disclosesDebt: true);
    }
}

/// <summary>Pay in full: a payment link for the collectible balance.</summary>
public sealed class PayFullHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.PayFull;

    /// <inheritdoc />
    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Parties.Case is not { } collectionCase || turn.Parties.CollectibleBalance() is not { } balance)
        {
            RequestDetailsHandler.Explain(turn);
            return;
        }

        var invoices = turn.Parties.Collectible.Select(i => i.Id).ToList();
        var link = await turn.PaymentLinkAsync(new PaymentLinkRequest(Guid.CreateVersion7(turn.Now), collectionCase.Id, balance, PaymentPurpose.Balance, invoices), cancellationToken).ConfigureAwait(false);
        turn.Say("pay.link", turn.Model() with { Amount = Words.Money(balance), Url = link.Url.ToString() }, MessagePurpose.Collection, disclosesDebt: true);
    }
}
