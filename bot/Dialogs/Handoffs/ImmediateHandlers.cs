using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Conversations;

namespace CollectionsBot.Bot.Dialogs.Handoffs;

/// <summary>Opt-out: recorded for this channel and address at once, confirmed once, and the conversation ends.</summary>
public sealed class OptOutHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.OptOut;

    /// <inheritdoc />
    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.CancelAll();
        var conversation = turn.Conversation;

        // For every creditor this address belongs to, not only the one this conversation is about.
        await Consents.SetEverywhereAsync(turn.Db, conversation, ConsentStatus.OptedOut, $"{conversation.Channel} message {turn.Inbound.Id}", turn.Now, cancellationToken).ConfigureAwait(false);
        turn.MarkOptedOut();
        turn.Say("opt_out.confirm", purpose: MessagePurpose.OptOutConfirmation);
        conversation.Resolve();
    }
}

/// <summary>Insolvency: automated collection stops for the case, the case is flagged, and people take over.</summary>
public sealed class InsolvencyHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.Insolvency;

    /// <inheritdoc />
    public Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Parties.Case?.RecordInsolvency(turn.Now);
        turn.Audit("case.insolvency_reported", new { message = turn.Inbound.Id }, rule: "cease.insolvency");
        turn.HandOff(HandoffReason.Insolvency, "The debtor reports insolvency proceedings; automated collection is stopped for the case.", "handoff.insolvency");
        return Task.CompletedTask;
    }
}

/// <summary>Hardship: a person discusses options.</summary>
public sealed class HardshipHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.Hardship;

    /// <inheritdoc />
    public Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.HandOff(HandoffReason.Hardship, "The debtor reports financial difficulty without proposing terms.", "handoff.hardship");
        return Task.CompletedTask;
    }
}

/// <summary>A request for a person.</summary>
public sealed class RequestHumanHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.RequestHuman;

    /// <inheritdoc />
    public Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.HandOff(HandoffReason.HumanRequested, "The debtor asked for a person.", "handoff.human");
        return Task.CompletedTask;
    }
}

/// <summary>Abuse: the first gets a calm reply, a repeat goes to a person.</summary>
public sealed class AbusiveHandler : IImmediateHandler
{
    /// <inheritdoc />
    public string Intent => Intents.Abusive;

    /// <inheritdoc />
    public Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Stack.AbusiveCount++;
        if (turn.Stack.AbusiveCount == 1)
        {
            turn.Say("abusive.calm");
        }
        else
        {
            turn.HandOff(HandoffReason.Abusive, "The debtor stayed abusive after a calm reply.", "handoff.abusive");
        }

        return Task.CompletedTask;
    }
}
