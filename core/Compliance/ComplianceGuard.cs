using System.Text.RegularExpressions;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Compliance;

/// <summary>A message on its way out, whoever wrote it (bot template, LLM, agent).</summary>
/// <param name="Text">The words as they would be sent.</param>
/// <param name="Purpose">What it does; collection messages are held to more rules than service ones.</param>
/// <param name="IsReply">True when it answers a message the debtor has just sent (contact window and caps do not apply).</param>
/// <param name="DisclosesDebt">True when the writer knows it carries debt details (amounts, invoices, creditor).</param>
public sealed record OutboundDraft(string Text, MessagePurpose Purpose, bool IsReply, bool DisclosesDebt);

/// <summary>What the guard must know about the recipient, the case and the conversation; gathered by the caller.</summary>
public sealed record ComplianceFacts
{
    /// <summary>The channel.</summary>
    public required Channel Channel { get; init; }

    /// <summary>The creditor's rules.</summary>
    public required ComplianceProfile Profile { get; init; }

    /// <summary>First party or agency (agencies add the collector disclosure).</summary>
    public required CreditorKind CreditorKind { get; init; }

    /// <summary>The recipient's IANA time zone.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The case's stage (what the tone linter allows depends on it); null when no case is known.</summary>
    public CaseStage? Stage { get; init; }

    /// <summary>Whether the recipient has been verified as the debtor's AP contact.</summary>
    public bool Verified { get; init; }

    /// <summary>The address has opted out of this channel for this creditor.</summary>
    public bool OptedOut { get; init; }

    /// <summary>The case is in insolvency proceedings (automatic stay).</summary>
    public bool Insolvent { get; init; }

    /// <summary>The debtor is represented by counsel for this debt.</summary>
    public bool RepresentedByCounsel { get; init; }

    /// <summary>The recipient is the debtor's counsel.</summary>
    public bool RecipientIsCounsel { get; init; }

    /// <summary>The recipient said they are the wrong contact.</summary>
    public bool WrongContact { get; init; }

    /// <summary>Messages we started (not replies) on this channel to this recipient in the last 7 days, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> InitiatedLastWeek { get; init; } = [];

    /// <summary>Whether a collection message already went to this recipient on this channel (disclosure given).</summary>
    public bool DisclosureGiven { get; init; }

    /// <summary>Words that would disclose the debt to a third party: creditor name, invoice numbers, references.</summary>
    public IReadOnlyList<string> SensitiveTerms { get; init; } = [];

    /// <summary>The full collector disclosure for the first collection message on a channel.</summary>
    public string FirstDisclosure { get; init; } = "";

    /// <summary>The short disclosure an agency adds to later collection messages.</summary>
    public string LaterDisclosure { get; init; } = "";
}

/// <summary>What the guard decided about one message.</summary>
public enum GuardVerdict
{
    /// <summary>Send now.</summary>
    Allow = 0,

    /// <summary>Keep queued until <see cref="GuardDecision.HoldUntil"/>, then check again.</summary>
    Hold = 1,

    /// <summary>Never send; keep it for the record.</summary>
    Block = 2,
}

/// <summary>The guard's decision: the rule that decided, the final text (with any disclosure) and every rule checked.</summary>
public sealed record GuardDecision(GuardVerdict Verdict, string Rule, string Text, DateTimeOffset? HoldUntil, IReadOnlyList<string> Checked);

/// <summary>
/// Every outbound message passes here, whoever wrote it. Rules, in order: opt-out, cease conditions (insolvency,
/// counsel, wrong contact), identity gating, tone, collector disclosure, channel length, then for messages we start
/// (not replies): contact window and frequency cap, which hold a message rather than drop it. The first rule that
/// refuses decides; an allowed message names the rules it passed.
/// </summary>
public static partial class ComplianceGuard
{
    /// <summary>Rule names, as recorded in the audit trail and on blocked messages.</summary>
    public static class Rules
    {
        /// <summary>Passed every rule.</summary>
        public const string Allowed = "allowed";

        /// <summary>The address opted out.</summary>
        public const string OptOut = "opt_out";

        /// <summary>The opt-out confirmation itself, once.</summary>
        public const string OptOutConfirmation = "opt_out.confirmation";

        /// <summary>Insolvency stops automated collection.</summary>
        public const string Insolvency = "cease.insolvency";

        /// <summary>Counsel only.</summary>
        public const string Counsel = "cease.counsel";

        /// <summary>The recipient is not the AP contact.</summary>
        public const string WrongContact = "cease.wrong_contact";

        /// <summary>Debt details to an unverified recipient.</summary>
        public const string Identity = "identity";

        /// <summary>Outside the contact window.</summary>
        public const string ContactWindow = "contact_window";

        /// <summary>Too many messages we started this week.</summary>
        public const string FrequencyCap = "frequency_cap";

        /// <summary>Too long for the channel.</summary>
        public const string Length = "length";

        /// <summary>The disclosure was added.</summary>
        public const string Disclosure = "disclosure";
    }

    /// <summary>Decides what happens to <paramref name="draft"/> at <paramref name="now"/>.</summary>
    public static GuardDecision Check(OutboundDraft draft, ComplianceFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(facts);
        var checkedRules = new List<string>();
        var text = draft.Text.Trim();
        GuardDecision Block(string rule) => new(GuardVerdict.Block, rule, text, null, [.. checkedRules, rule]);

        if (text.Length == 0)
        {
            return Block(Rules.Length);
        }

        // Opt-out: nothing goes to the address, except the one confirmation answering the opt-out itself.
        if (facts.OptedOut)
        {
            if (draft.Purpose == MessagePurpose.OptOutConfirmation && draft.IsReply)
            {
                checkedRules.Add(Rules.OptOutConfirmation);
            }
            else
            {
                return Block(Rules.OptOut);
            }
        }
        else
        {
            checkedRules.Add(Rules.OptOut);
        }

        // Cease conditions stop collection; a service reply (acknowledging the notice, saying who will follow up) may
        // still answer the debtor's own message.
        var serviceReply = draft.IsReply && draft.Purpose != MessagePurpose.Collection;
        if (facts.Insolvent && !serviceReply)
        {
            return Block(Rules.Insolvency);
        }

        checkedRules.Add(Rules.Insolvency);
        if (facts.RepresentedByCounsel && !facts.RecipientIsCounsel && !serviceReply)
        {
            return Block(Rules.Counsel);
        }

        checkedRules.Add(Rules.Counsel);
        if (facts.WrongContact && !serviceReply)
        {
            return Block(Rules.WrongContact);
        }

        checkedRules.Add(Rules.WrongContact);

        // Identity: the writer's own flag, then a scan, so agent or LLM text cannot leak details either.
        if (!facts.Verified && (draft.DisclosesDebt || MentionsDebt(text, facts.SensitiveTerms)))
        {
            return Block(Rules.Identity);
        }

        checkedRules.Add(Rules.Identity);

        var findings = ToneLinter.Check(text, facts.Stage ?? CaseStage.New);
        if (findings.Count > 0)
        {
            return Block(findings[0].Rule);
        }

        checkedRules.Add("tone");

        var disclose = draft.Purpose == MessagePurpose.Collection &&
            (facts.CreditorKind == CreditorKind.Agency || facts.Profile.RequiresCollectorDisclosure);
        if (disclose)
        {
            var notice = facts.DisclosureGiven ? facts.LaterDisclosure : facts.FirstDisclosure;
            if (notice.Length > 0 && (!facts.DisclosureGiven || facts.CreditorKind == CreditorKind.Agency))
            {
                text = $"{text}\n\n{notice}";
                checkedRules.Add(Rules.Disclosure);
            }
        }

        if (!MessageLength.Fits(facts.Channel, text))
        {
            return Block(Rules.Length);
        }

        checkedRules.Add(Rules.Length);
        if (draft.IsReply)
        {
            return new GuardDecision(GuardVerdict.Allow, Rules.Allowed, text, null, checkedRules);
        }

        var opening = ContactWindow.NextOpening(facts.Profile, facts.TimeZone, now);
        var cap = facts.Profile.MaxMessagesPerChannelPerWeek;
        if (cap == 0)
        {
            return Block(Rules.FrequencyCap);
        }

        var capFreesAt = facts.InitiatedLastWeek.Count >= cap
            ? facts.InitiatedLastWeek[facts.InitiatedLastWeek.Count - cap].AddDays(7)
            : now;
        if (capFreesAt > now)
        {
            var until = ContactWindow.NextOpening(facts.Profile, facts.TimeZone, capFreesAt);
            return new GuardDecision(GuardVerdict.Hold, Rules.FrequencyCap, text, until, [.. checkedRules, Rules.FrequencyCap]);
        }

        checkedRules.Add(Rules.FrequencyCap);
        if (opening > now)
        {
            return new GuardDecision(GuardVerdict.Hold, Rules.ContactWindow, text, opening, [.. checkedRules, Rules.ContactWindow]);
        }

        checkedRules.Add(Rules.ContactWindow);
        return new GuardDecision(GuardVerdict.Allow, Rules.Allowed, text, null, checkedRules);
    }

    /// <summary>True when the text carries an amount or one of the sensitive terms (case-insensitive, whole words).</summary>
    public static bool MentionsDebt(string text, IReadOnlyList<string> sensitiveTerms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sensitiveTerms);
        if (AmountPattern().IsMatch(text))
        {
            return true;
        }

        foreach (var term in sensitiveTerms)
        {
            if (term.Length >= 3 && ContainsWord(text, term))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsWord(string text, string term)
    {
        var index = 0;
        while ((index = text.IndexOf(term, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + term.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = end;
        }

        return false;
    }

    // Currency symbols or ISO codes next to a number, or a number with two decimals: how amounts appear in text.
    [GeneratedRegex(@"[$€£¥₹]\s?\d|\b\d[\d,.\s]*\s?(?:USD|EUR|GBP|JPY|CAD|AUD|CHF|INR|dollars?|euros?|pounds?)\b|\b(?:USD|EUR|GBP|JPY|CAD|AUD|CHF|INR)\s?\d|\b\d{1,3}(?:[,.]\d{3})*[.,]\d{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
