using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs.Disputes;

/// <summary>What the dispute dialog has gathered.</summary>
public sealed class DisputeState
{
    /// <summary>The disputed invoices' ids; empty while unknown.</summary>
    public List<Guid> InvoiceIds { get; set; } = [];

    /// <summary>Why, when said.</summary>
    public DisputeReason? Reason { get; set; }

    /// <summary>The debtor's words, all messages of the dispute.</summary>
    public string Details { get; set; } = "";

    /// <summary>Whether the bot asked which invoices.</summary>
    public bool AskedInvoices { get; set; }
}

/// <summary>
/// A dispute: records which invoices and why (asking once for what is missing), stops collecting those invoices,
/// and hands the conversation to a person. Nothing about the account is disclosed to an unverified contact.
/// </summary>
public sealed class DisputeDialog : Dialog<DisputeState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.Dispute;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, DisputeState state) => ContinueAsync(turn, state);

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, DisputeState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        state.Details = state.Details.Length == 0 ? turn.Inbound.Body : $"{state.Details} / {turn.Inbound.Body}";
        state.Reason ??= DisputeReasons.Classify(turn.Inbound.Body);
        var open = turn.Parties.Invoices.Where(i => i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.Disputed).ToList();
        var named = turn.Recognition.Entities.Where(e => e.Entity == EntityNames.InvoiceNumber)
            .Select(e => open.FirstOrDefault(i => string.Equals(Normalize(i.Number), Normalize(e.Value), StringComparison.Ordinal)))
            .OfType<Invoice>().Select(i => i.Id).ToList();
        if (named.Count == 0 && open.Count == 1)
        {
            named.Add(open[0].Id);
        }

        if (named.Count == 0 && state.AskedInvoices && DisputeReasons.MeansAll(turn.Inbound.Body))
        {
            named.AddRange(open.Select(i => i.Id));
        }

        state.InvoiceIds = [.. state.InvoiceIds.Union(named)];

        // Ask once, and only a verified contact on a case with invoices: otherwise a person sorts it out.
        if (state.InvoiceIds.Count == 0 && !state.AskedInvoices && turn.Conversation.IsVerified && open.Count > 1)
        {
            state.AskedInvoices = true;
            Reprompt(turn, state);
            return Task.FromResult(DialogStatus.Waiting);
        }

        var reason = state.Reason ?? DisputeReason.Other;
        var disputed = open.Where(i => state.InvoiceIds.Contains(i.Id) && i.Status == InvoiceStatus.Open).ToList();
        if (turn.Parties.Case is { } collectionCase && disputed.Count > 0)
        {
            ConversationParties.Track(turn.Db, disputed);
            var dispute = new Dispute(collectionCase.Id, disputed, reason, state.Details, turn.Now);
            turn.Db.Disputes.Add(dispute);
            turn.Audit("dispute.opened", new { dispute = dispute.Id, reason = reason.ToString(), invoices = disputed.Select(i => i.Number) });
        }

        var which = disputed.Count > 0 ? string.Join(", ", disputed.Select(i => i.Number)) : "invoices not identified";
        turn.HandOff(HandoffReason.Dispute, $"Dispute ({reason}) on {which}; collection of those invoices is stopped.", "handoff.dispute");
        return Task.FromResult(DialogStatus.Complete);
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, DisputeState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Say("dispute.ask_invoices", purpose: MessagePurpose.Collection, disclosesDebt: true);
    }

    /// <summary>While asking which invoices, any answer but an opt-out, insolvency, counsel or abuse is taken.</summary>
    protected override bool Accepts(TurnContext turn, DisputeState state) =>
        state.AskedInvoices && turn.Intent is not (Intents.OptOut or Intents.Insolvency or Intents.LegalRepresentation or Intents.Abusive);

    private static string Normalize(string number) => string.Concat(number.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}
