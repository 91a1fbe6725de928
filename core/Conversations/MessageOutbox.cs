using System.Text.Json;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Conversations;

/// <summary>What became of one outbound message.</summary>
public sealed record QueuedMessage(Message Message, GuardDecision Decision);

/// <summary>
/// The one way out for every message to a debtor, whoever wrote it: the compliance guard decides, and the message
/// is recorded whatever the decision (queued to send, held until a time, or blocked with its rule), with an audit
/// event naming the rule. Changes are added to the unit of work; the caller saves them with the rest of its turn.
/// Open one per conversation and turn: the facts the guard needs are loaded once.
/// </summary>
public sealed class MessageOutbox
{
    // Compiled once: every turn asks it.
    private static readonly Func<CollectionsDbContext, Guid, Channel, string, CancellationToken, Task<bool>> OptedOutQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid creditorId, Channel channel, string address, CancellationToken ct) =>
            db.Consents.Any(c => c.CreditorId == creditorId && c.Channel == channel && c.Address == address && c.Status == ConsentStatus.OptedOut));

    // Whether a collection message (which carries the disclosure) has gone to this address on this channel.
    private static readonly Func<CollectionsDbContext, Channel, string, CancellationToken, Task<bool>> DisclosedQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, Channel channel, string address, CancellationToken ct) =>
            db.Messages.Where(m => m.Channel == channel && m.Direction == MessageDirection.Outbound && m.Status != DeliveryStatus.Blocked && m.Purpose == MessagePurpose.Collection)
                .Join(db.Conversations.Where(c => c.Channel == channel && c.Address == address), m => m.ConversationId, c => c.Id, (m, c) => m)
                .Any());

    private readonly CollectionsDbContext _db;
    private readonly ConversationParties _parties;
    private readonly PromptLibrary _prompts;
    private readonly bool _initiating;
    private readonly bool _untracked;
    private ComplianceFacts _facts;

    private MessageOutbox(CollectionsDbContext db, ConversationParties parties, PromptLibrary prompts, ComplianceFacts facts, bool initiating, bool untracked)
    {
        _initiating = initiating;
        _untracked = untracked;
        _db = db;
        _parties = parties;
        _prompts = prompts;
        _facts = facts;
    }

    /// <summary>The facts the guard decides on (refreshed as this outbox queues messages).</summary>
    public ComplianceFacts Facts => _facts;

    /// <summary>
    /// Opens an outbox for a conversation, loading the facts the guard needs. Only an outbox opened with
    /// <paramref name="initiating"/> may queue messages we start (it loads the week's count for the cap); replies need
    /// no count, which keeps a turn to the queries it needs. <paramref name="optedOut"/>: whether the conversation's
    /// address is opted out for the parties' creditor, when the caller has just read it in <paramref name="db"/>; it
    /// is asked otherwise. <paramref name="untracked"/>: the messages are recorded with the unit of work's next save
    /// instead of tracked (<see cref="CollectionsDbContext.Record(Message)"/>), for a unit of work that does not change
    /// them after that save, as a bot's turn.
    /// </summary>
    public static async Task<MessageOutbox> OpenAsync(CollectionsDbContext db, ConversationParties parties, PromptLibrary prompts, DateTimeOffset now, CancellationToken cancellationToken, bool initiating = false, bool? optedOut = null, bool untracked = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(prompts);
        var conversation = parties.Conversation;
        var creditor = parties.Creditor;
        var isOptedOut = creditor is not null && (optedOut ?? await OptedOutQuery(db, creditor.Id, conversation.Channel, conversation.Address, cancellationToken).ConfigureAwait(false));

        // Messages to this address on this channel: the cap counts the ones we started, the disclosure looks for one.
        IReadOnlyList<DateTimeOffset> initiated = [];
        if (initiating)
        {
            var weekAgo = now.AddDays(-7);
            initiated = (await SentHere(db, conversation.Channel, conversation.Address).Where(m => m.InReplyToId == null && m.CreatedAt >= weekAgo).Select(m => m.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false)).Order().ToList();
        }

        var kind = creditor?.Kind ?? CreditorKind.FirstParty;
        var profile = creditor?.Compliance ?? new ComplianceProfile();
        var disclosing = kind == CreditorKind.Agency || profile.RequiresCollectorDisclosure;
        var disclosed = disclosing && await DisclosedQuery(db, conversation.Channel, conversation.Address, cancellationToken).ConfigureAwait(false);
        var model = PromptModel.For(conversation.Channel) with { CreditorName = creditor?.Name ?? "" };
        var tone = parties.Tone;
        var facts = new ComplianceFacts
        {
            Channel = conversation.Channel,
            Profile = profile,
            CreditorKind = kind,
            TimeZone = parties.TimeZone,
            Stage = parties.Case?.Stage,
            Verified = conversation.IsVerified,
            OptedOut = isOptedOut,
            Insolvent = parties.Case?.InsolventSince is not null,
            RepresentedByCounsel = parties.Case?.CounselContactId is not null,
            RecipientIsCounsel = parties.Contact?.Role == ContactRole.Counsel,
            WrongContact = parties.Contact?.InvalidSince is not null,
            InitiatedLastWeek = initiated,
            DisclosureGiven = disclosed,
            SensitiveTerms = parties.SensitiveTerms(),
            FirstDisclosure = disclosing ? prompts.Render("disclosure.first", tone, model) : "",
            LaterDisclosure = disclosing ? prompts.Render("disclosure.later", tone, model) : "",
        };
        return new MessageOutbox(db, parties, prompts, facts, initiating, untracked);
    }

    // Messages sent (or held) to an address on a channel, in any of its conversations.
    private static IQueryable<Message> SentHere(CollectionsDbContext db, Channel channel, string address) =>
        db.Messages.Where(m => m.Channel == channel && m.Direction == MessageDirection.Outbound && m.Status != DeliveryStatus.Blocked)
            .Join(db.Conversations.Where(c => c.Channel == channel && c.Address == address), m => m.ConversationId, c => c.Id, (m, c) => m);

    /// <summary>Re-reads the facts that a turn may have changed (opt-out, cease flags, verification, stage).</summary>
    public void Refresh(bool? optedOut = null) => _facts = _facts with
    {
        Verified = _parties.Conversation.IsVerified,
        OptedOut = optedOut ?? _facts.OptedOut,
        Stage = _parties.Case?.Stage,
        Insolvent = _parties.Case?.InsolventSince is not null,
        RepresentedByCounsel = _parties.Case?.CounselContactId is not null,
        WrongContact = _parties.Contact?.InvalidSince is not null,
    };

    /// <summary>Passes one message through the guard and records it, with its audit event.</summary>
    public QueuedMessage Queue(OutboundDraft draft, SenderKind sender, string? senderId, string? templateKey, Guid? inReplyToId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!draft.IsReply && !_initiating)
        {
            throw new InvalidOperationException("This outbox was opened for replies; open one with initiating: true to start a message.");
        }

        var decision = ComplianceGuard.Check(draft, _facts, now);
        var conversation = _parties.Conversation;
        var message = Message.Outbound(conversation, sender, decision.Text, draft.Purpose, inReplyToId, templateKey, now, senderId);
        switch (decision.Verdict)
        {
            case GuardVerdict.Block:
                message.MarkBlocked(decision.Rule, now);
                break;
            case GuardVerdict.Hold:
                message.Hold(decision.HoldUntil!.Value, decision.Rule);
                break;
            default:
                if (draft.Purpose == MessagePurpose.Collection)
                {
                    _facts = _facts with { DisclosureGiven = true };
                }

                if (!draft.IsReply)
                {
                    _facts = _facts with { InitiatedLastWeek = [.. _facts.InitiatedLastWeek, now] };
                }

                _parties.Case?.RecordContact(now);
                break;
        }

        if (_untracked)
        {
            _db.Record(message);
        }
        else
        {
            _db.Messages.Add(message);
        }

        _db.Record(Audit(message, decision, sender, senderId, now));
        return new QueuedMessage(message, decision);
    }

    /// <summary>
    /// Checks a held message again when its time has come: facts may have changed since (an opt-out, a dispute,
    /// insolvency). Returns the new decision; the message is released, held again or blocked accordingly.
    /// </summary>
    public GuardDecision Recheck(Message held, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (!_initiating)
        {
            throw new InvalidOperationException("Open the outbox with initiating: true to release held messages.");
        }

        var draft = new OutboundDraft(held.Body, held.Purpose, IsReply: false, DisclosesDebt: false);

        // The disclosure was added when the message was first checked; do not add it twice.
        var decision = ComplianceGuard.Check(draft, _facts with { FirstDisclosure = "", LaterDisclosure = "" }, now);
        switch (decision.Verdict)
        {
            case GuardVerdict.Block:
                held.MarkBlocked(decision.Rule, now);
                break;
            case GuardVerdict.Hold:
                held.Release(now);
                held.Hold(decision.HoldUntil!.Value, decision.Rule);
                break;
            default:
                held.Release(now);
                _facts = _facts with { InitiatedLastWeek = [.. _facts.InitiatedLastWeek, now] };
                _parties.Case?.RecordContact(now);
                break;
        }

        _db.Record(Audit(held, decision, held.Sender, held.SenderId, now));
        return decision;
    }

    private AuditEvent Audit(Message message, GuardDecision decision, SenderKind sender, string? senderId, DateTimeOffset now) =>
        new(now, senderId ?? sender.ToString().ToLowerInvariant(), "message." + decision.Verdict.ToString().ToLowerInvariant(), nameof(Message), message.Id.ToString(),
            JsonSerializer.Serialize(new { conversation = message.ConversationId, template = message.TemplateKey, purpose = message.Purpose.ToString(), holdUntil = decision.HoldUntil, rules = decision.Checked }))
        {
            CreditorId = _parties.Creditor?.Id,
            CaseId = _parties.Case?.Id,
            Rule = decision.Rule,
        };
}
