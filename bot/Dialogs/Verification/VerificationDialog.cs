using System.Text.Json;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Dialogs.Verification;

/// <summary>What the verification dialog remembers.</summary>
public sealed class VerificationState
{
    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The request that needed verification, answered once verified.</summary>
    public JsonElement? Pending { get; set; }
}

/// <summary>
/// Verifies the contact before any debt detail: the company name plus the account reference or postal code the
/// creditor configured. Which part was wrong is never said. Three failures go to a person.
/// </summary>
public sealed class VerificationDialog : Dialog<VerificationState>
{
    private const int MaxAttempts = 3;

    /// <inheritdoc />
    public override string Id => DialogIds.Verification;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, VerificationState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        state.Pending = JsonSerializer.SerializeToElement(turn.Recognition, DialogFrame.Json);
        Reprompt(turn, state);
        return Task.FromResult(DialogStatus.Waiting);
    }

    /// <inheritdoc />
    protected override async Task<DialogStatus> ContinueAsync(TurnContext turn, VerificationState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        var debtor = await MatchAsync(turn, turn.Inbound.Body, CancellationToken.None).ConfigureAwait(false);
        if (debtor is null)
        {
            state.Attempts++;
            turn.Audit("verification.failed", new { attempt = state.Attempts });
            if (state.Attempts >= MaxAttempts)
            {
                turn.HandOff(HandoffReason.UnknownSender, "The contact could not be verified in three attempts.", "handoff.unverified");
                return DialogStatus.Cancelled;
            }

            turn.Say("verify.retry");
            return DialogStatus.Waiting;
        }

        var contact = turn.Parties.Contact is { } known && known.DebtorId == debtor.Id
            ? known
            : debtor.Contacts.Where(c => c.Role != ContactRole.Counsel && c.InvalidSince is null).OrderBy(c => c.Role).ThenBy(c => c.CreatedAt).FirstOrDefault();
        if (contact is null)
        {
            turn.HandOff(HandoffReason.UnknownSender, $"Verified as {debtor.Name} ({debtor.Reference}), but the debtor has no contact on record.", "handoff.unverified");
            return DialogStatus.Cancelled;
        }

        await ConversationEngine.IdentifyAsync(turn.Db, turn.Conversation, contact.Id, CancellationToken.None).ConfigureAwait(false);
        await turn.ReloadPartiesAsync(CancellationToken.None).ConfigureAwait(false);
        turn.Audit("verification.passed", new { debtor = debtor.Id, contact = contact.Id });
        turn.Say("verify.ok");
        turn.RouteAgain = state.Pending?.Deserialize<Recognition>(DialogFrame.Json);
        if (turn.RouteAgain?.Intent.Name is null or Intents.Greeting or Intents.Other)
        {
            turn.RouteAgain = null;
            turn.Say("menu");
        }

        return DialogStatus.Complete;
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, VerificationState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var factor = turn.Parties.Creditor?.Compliance.VerifyWith ?? VerificationFactor.ReferenceOrPostalCode;
        turn.Say(factor switch
        {
            VerificationFactor.Reference => "verify.ask_reference",
            VerificationFactor.PostalCode => "verify.ask_postal_code",
            _ => "verify.ask",
        });
    }

    /// <summary>Everything but a global interruption is an answer to the question.</summary>
    protected override bool Accepts(TurnContext turn, VerificationState state) =>
        turn.Intent is not (Intents.OptOut or Intents.Insolvency or Intents.LegalRepresentation or Intents.Dispute or Intents.Hardship or Intents.RequestHuman or Intents.WrongContact or Intents.Abusive);

    // Compiled once: every verification asks it.
    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<VerificationFactor>> VerifyWithQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid creditorId, CancellationToken ct) => db.Creditors.Where(c => c.Id == creditorId).Select(c => c.Compliance.VerifyWith).Single());

    /// <summary>The one debtor whose name and reference (or postal code) the text states, or null.</summary>
    internal static async Task<DebtorCompany?> MatchAsync(TurnContext turn, string text, CancellationToken cancellationToken)
    {
        var tokens = VerificationText.Tokens(text);
        if (tokens.Count == 0)
        {
            return null;
        }

        List<DebtorCompany> candidates;
        if (turn.Parties.Debtor is { } known)
        {
            candidates = [known];
        }
        else
        {
            // An anonymous visitor: look up debtors by the references and postal codes the text could hold.
            var keys = tokens.Where(t => t.Any(char.IsDigit)).Select(t => t.ToUpperInvariant()).Distinct().Take(20).ToList();
#pragma warning disable CA1304, CA1311 // EF translates ToUpper() to SQL's upper(); no .NET culture is involved.
            candidates = await turn.Db.Debtors.Include(d => d.Contacts)
                .Where(d => keys.Contains(d.Reference.ToUpper()) || (d.PostalCode != null && keys.Contains(d.PostalCode.Replace(" ", "").ToUpper())))
                .Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore CA1304, CA1311
        }

        var matches = new List<DebtorCompany>();
        foreach (var debtor in candidates)
        {
            // The turn's creditor is loaded already when it is this debtor's (a known sender); others are asked.
            var factor = turn.Parties.Creditor is { } creditor && creditor.Id == debtor.CreditorId
                ? creditor.Compliance.VerifyWith
                : await VerifyWithQuery(turn.Db, debtor.CreditorId, cancellationToken).ConfigureAwait(false);
            if (VerificationText.Matches(text, tokens, debtor, factor))
            {
                matches.Add(debtor);
            }
        }

        return matches.Count == 1 ? matches[0] : null;
    }
}
