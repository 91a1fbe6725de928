using System.Text.RegularExpressions;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs.Contacts;

/// <summary>What the counsel dialog has gathered.</summary>
public sealed class CounselState
{
    /// <summary>Whether the bot asked for counsel's details.</summary>
    public bool Asked { get; set; }
}

/// <summary>
/// The debtor is represented: captures counsel's name, email and phone (asking once), records counsel on the case so
/// the debtor is no longer contacted directly, and hands off.
/// </summary>
public sealed partial class CounselDialog : Dialog<CounselState>
{
    /// <inheritdoc />
    public override string Id => DialogIds.Counsel;

    /// <inheritdoc />
    protected override Task<DialogStatus> BeginAsync(TurnContext turn, CounselState state) => ContinueAsync(turn, state);

    /// <inheritdoc />
    protected override Task<DialogStatus> ContinueAsync(TurnContext turn, CounselState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        var text = turn.Inbound.Body;
        var email = turn.Recognition.Entity(EntityNames.Email)?.Value;
        var phone = ContactDetails.Phone(text, turn.Parties.Contact?.PhoneE164);
        if (email is null && phone is null && !state.Asked)
        {
            state.Asked = true;
            Reprompt(turn, state);
            return Task.FromResult(DialogStatus.Waiting);
        }

        if (turn.Parties is { Debtor: { } debtor, Case: { } collectionCase } && (email is not null || phone is not null))
        {
            var name = ContactDetails.Name(text) ?? "Counsel (name not given)";
            var counsel = debtor.AddContact(name, phone, email, turn.Parties.TimeZone, turn.Now);
            counsel.Role = ContactRole.Counsel;
            turn.Db.Contacts.Add(counsel);
            collectionCase.RecordCounsel(counsel, turn.Now);
            turn.Audit("case.counsel_recorded", new { counsel = counsel.Id, name, email, phone }, rule: "cease.counsel");
        }
        else if (turn.Parties.Case is { } known)
        {
            turn.Audit("case.counsel_reported", new { message = turn.Inbound.Id }, rule: "cease.counsel");
            turn.Db.FollowUps.Add(new FollowUpTask(known.Id, turn.Conversation.Id, FollowUpKind.UpdateContact, turn.Now, $"Debtor says it is represented; counsel's details not given: \"{text}\"", turn.Now));
        }

        turn.HandOff(HandoffReason.Counsel, $"The debtor is represented by counsel{(email ?? phone) switch { null => " (details not given)", var d => $" ({d})" }}; contact counsel only.", "handoff.counsel");
        return Task.FromResult(DialogStatus.Complete);
    }

    /// <inheritdoc />
    protected override void Reprompt(TurnContext turn, CounselState state)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Say("counsel.ask_contact");
    }

    /// <summary>While asking for counsel's details, any answer but an opt-out or insolvency is taken.</summary>
    protected override bool Accepts(TurnContext turn, CounselState state) =>
        state.Asked && turn.Intent is not (Intents.OptOut or Intents.Insolvency);
}

/// <summary>Reads contact details (a phone number, a person's name) out of free text.</summary>
public static partial class ContactDetails
{
    /// <summary>An E.164 phone number in the text other than <paramref name="except"/>, or null.</summary>
    public static string? Phone(string text, string? except)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in PhoneLike().Matches(text))
        {
            var region = match.Value.TrimStart().StartsWith('+') ? "ZZ" : "US";
            if (PhoneNumbersE164.TryNormalize(match.Value, region, out _) is { } e164 && e164 != except)
            {
                return e164;
            }
        }

        return null;
    }

    /// <summary>A person's name introduced in the text ("my lawyer is Jane Smith", "contact Raj Patel"), or null.</summary>
    public static string? Name(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Introduced().Match(text);
        return match.Success ? match.Groups["name"].Value : null;
    }

    [GeneratedRegex(@"\+?\(?\d[\d\s().-]{8,}\d")]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"\b(?:is|contact|name is|speak (?:to|with)|reach|email|call|ask for|try)\s+(?:Mr\.?\s|Ms\.?\s|Mrs\.?\s|Dr\.?\s)?(?<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2})")]
    private static partial Regex Introduced();
}
