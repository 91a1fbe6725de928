using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Phrasing;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Dialogs;

/// <summary>A debtor's message as every channel hands it over.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="ChannelConversationId">The channel's thread key (phone pair, Direct Line conversation, email thread).</param>
/// <param name="From">The sender's address on the channel (E.164 phone, email, channel user id).</param>
/// <param name="Text">The message text.</param>
/// <param name="ExternalId">The channel's message id (Twilio MessageSid, activity id): a retry with the same id gets no second reply.</param>
/// <param name="ContactId">The contact, when the channel already knows it (a signed link).</param>
/// <param name="Verified">True when the channel verified the contact (a signed per-contact link).</param>
/// <param name="Locale">The sender's locale, when the channel says.</param>
/// <param name="Command">A channel keyword the channel recognised (SMS STOP, START, HELP) or a message the bot cannot read (media only).</param>
public sealed record InboundActivity(
    Channel Channel,
    string ChannelConversationId,
    string From,
    string Text,
    string? ExternalId = null,
    Guid? ContactId = null,
    bool Verified = false,
    string? Locale = null,
    ChannelCommand Command = ChannelCommand.None);

/// <summary>
/// What a channel's own keywords ask for. They are honoured whoever owns the conversation (the bot or a person),
/// before any dialog runs.
/// </summary>
public enum ChannelCommand
{
    /// <summary>An ordinary message: the dialogs answer it.</summary>
    None = 0,

    /// <summary>Stop messaging this address (SMS STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT).</summary>
    OptOut = 1,

    /// <summary>Messages are welcome again (SMS START, UNSTOP, YES); only acted on while the address is opted out, else an ordinary message.</summary>
    OptIn = 2,

    /// <summary>Who is this and how do I stop it (SMS HELP, INFO).</summary>
    Help = 3,

    /// <summary>A message with no text we can read (pictures only): the sender is asked to write instead.</summary>
    Unreadable = 4,
}

/// <summary>What a turn did.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Duplicate">True when the message had been handled before (same channel message id): nothing new was sent.</param>
/// <param name="Replies">The outbound messages of the turn, as the guard decided them (queued, held or blocked).</param>
/// <param name="Owner">Who owns the conversation after the turn.</param>
/// <param name="ChannelConversationId">The conversation's thread key on its channel (empty for a duplicate).</param>
/// <param name="Address">The contact's address on the channel, where replies go (empty for a duplicate).</param>
public sealed record TurnResult(Guid ConversationId, bool Duplicate, IReadOnlyList<Message> Replies, ConversationOwner Owner, string ChannelConversationId = "", string Address = "");

/// <summary>
/// Runs the bot's turns: finds or starts the conversation, records the debtor's message once (idempotent on the
/// channel's message id), lets the dialogs answer while the bot owns the conversation, passes every reply through
/// the compliance guard, and saves it all in one unit of work. Turns of one conversation run one at a time.
/// </summary>
public sealed partial class ConversationEngine(
    IServiceScopeFactory scopes,
    IRecognizer recognizer,
    IPhraser phraser,
    PromptLibrary prompts,
    DialogSet dialogs,
    Router router,
    KeyedLocks locks,
    TurnSlots slots,
    PartiesCache partiesCache,
    IConversationEvents events,
    TimeProvider clock,
    ILogger<ConversationEngine> logger,
    SqliteStatements? statements = null)
{
    private const int MaxAttempts = 3;

    // Compiled once: every turn runs these.
    private static readonly Func<CollectionsDbContext, Channel, string, CancellationToken, Task<Conversation?>> ConversationByThread =
        EF.CompileAsyncQuery((CollectionsDbContext db, Channel channel, string thread, CancellationToken ct) =>
            db.Conversations.SingleOrDefault(c => c.Channel == channel && c.ChannelConversationId == thread));

    private static readonly Func<CollectionsDbContext, Channel, string, CancellationToken, Task<Message?>> InboundByExternalId =
        EF.CompileAsyncQuery((CollectionsDbContext db, Channel channel, string externalId, CancellationToken ct) =>
            db.Messages.AsNoTracking().SingleOrDefault(m => m.Channel == channel && m.Direction == MessageDirection.Inbound && m.ExternalId == externalId));

    // With the thread, what the rest of the turn would otherwise ask in two more queries: its case's row version (the
    // parties cache's check) and whether its address is opted out for the case's creditor (the outbox's opt-out fact,
    // the same condition as MessageOutbox's own query).
    private static readonly Func<CollectionsDbContext, Channel, string, string, CancellationToken, Task<ThreadRow?>> ThreadAndDuplicate =
        EF.CompileAsyncQuery((CollectionsDbContext db, Channel channel, string thread, string externalId, CancellationToken ct) =>
            (from c in db.Conversations.Where(c => c.Channel == channel && c.ChannelConversationId == thread)
             join k in db.Cases on c.CaseId equals (Guid?)k.Id into cases
             from k in cases.DefaultIfEmpty()
             select new ThreadRow(
                 c,
                 db.Messages.Any(m => m.Channel == channel && m.Direction == MessageDirection.Inbound && m.ExternalId == externalId),
                 c.CaseId,
                 k == null ? null : (long?)k.Version,
                 k != null && db.Consents.Any(o => o.CreditorId == k.CreditorId && o.Channel == c.Channel && o.Address == c.Address && o.Status == ConsentStatus.OptedOut)))
            .SingleOrDefault());

    // A conversation's first turn asks these. The contact's debtor's open case, or else its latest, in one query (none
    // when the debtor has no case); a contact that does not exist fails it, as a wrong id should.
    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<Guid?>> CurrentCaseOfContact =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid contactId, CancellationToken ct) =>
            db.Contacts.Where(c => c.Id == contactId)
                .Select(c => db.Cases.Where(k => k.DebtorId == c.DebtorId).OrderBy(k => k.Stage == CaseStage.Resolved).ThenByDescending(k => k.OpenedAt).Select(k => (Guid?)k.Id).FirstOrDefault())
                .Single());

    // The contact a known address names: the most recent one still valid (ContactAddresses.At, per channel).
    private static readonly Func<CollectionsDbContext, string, CancellationToken, Task<Guid?>> ContactAtPhone =
        EF.CompileAsyncQuery((CollectionsDbContext db, string address, CancellationToken ct) =>
            db.Contacts.Where(c => c.PhoneE164 == address && c.InvalidSince == null).OrderByDescending(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefault());

#pragma warning disable CA1304, CA1311, CA1862 // EF translates ToLower() to SQL's lower(); no .NET culture is involved.
    private static readonly Func<CollectionsDbContext, string, CancellationToken, Task<Guid?>> ContactAtEmail =
        EF.CompileAsyncQuery((CollectionsDbContext db, string address, CancellationToken ct) =>
            db.Contacts.Where(c => c.Email != null && c.Email.ToLower() == address && c.InvalidSince == null).OrderByDescending(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefault());
#pragma warning restore CA1304, CA1311, CA1862

    /// <summary>Handles one inbound message and returns the replies it produced.</summary>
    public async Task<TurnResult> HandleAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var held = await locks.AcquireAsync($"{activity.Channel}|{activity.ChannelConversationId}", cancellationToken).ConfigureAwait(false);
        // The conversation's lock first: a turn waiting behind another of its conversation takes no slot meanwhile.
        using var slot = await slots.EnterAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunTurnAsync(activity, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another instance answered this conversation meanwhile: run the turn again on fresh state.
                LogRetry(logger, activity.ChannelConversationId, attempt);
            }
            catch (DbUpdateException ex) when (activity.ExternalId is not null && DatabaseErrors.IsConflict(ex))
            {
                // The same channel message raced in through another instance and won: answer as a duplicate.
                return await DuplicateAsync(activity, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("A conflicting message was not found.", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not DbUpdateConcurrencyException)
            {
                LogTurnFailed(logger, ex, activity.Channel, activity.ChannelConversationId);
                return await RecordFailureAsync(activity, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts a message ourselves (a reminder, a follow-up) on a channel to a contact: the guard may hold it until the
    /// contact window opens or the cap allows, or block it. Returns the recorded message.
    /// </summary>
    public async Task<Message> StartAsync(Guid caseId, Guid contactId, Channel channel, string templateKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var now = clock.GetUtcNow();
        var contact = await db.Contacts.SingleAsync(c => c.Id == contactId, cancellationToken).ConfigureAwait(false);
        var address = (channel switch
        {
            Channel.Sms => contact.PhoneE164,
            Channel.Email => contact.Email,
            _ => null,
        }) ?? throw new InvalidOperationException($"Contact {contactId} has no {channel} address.");
        using var held = await locks.AcquireAsync($"{channel}|{address}", cancellationToken).ConfigureAwait(false);
        var conversation = await ConversationByThread(db, channel, address, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            conversation = new Conversation(caseId, contactId, channel, address, now, address);
            db.Conversations.Add(conversation);
        }

        var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken, initiating: true).ConfigureAwait(false);
        var text = prompts.Render(templateKey, parties.Tone, PromptModel.For(channel) with { ContactName = contact.Name });
        var queued = outbox.Queue(new OutboundDraft(text, MessagePurpose.Service, IsReply: false, DisclosesDebt: false), SenderKind.Bot, null, templateKey, null, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return queued.Message;
    }

    /// <summary>
    /// Checks held messages whose time has come against the guard again (facts may have changed since) and
    /// releases, re-holds or blocks each. Returns the messages now ready to send.
    /// </summary>
    public async Task<IReadOnlyList<Message>> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var now = clock.GetUtcNow();
        var due = (await db.Messages.Where(m => m.Status == DeliveryStatus.Queued && m.NotBefore != null).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => m.NotBefore <= now).ToList();
        var released = new List<Message>();
        foreach (var group in due.GroupBy(m => m.ConversationId))
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == group.Key, cancellationToken).ConfigureAwait(false);
            var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
            var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken, initiating: true).ConfigureAwait(false);
            foreach (var message in group.OrderBy(m => m.CreatedAt))
            {
                if (outbox.Recheck(message, now).Verdict == GuardVerdict.Allow)
                {
                    released.Add(message);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return released;
    }

    private async Task<TurnResult> RunTurnAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        if (statements is not null)
        {
            // One connection for the whole turn instead of one per query, and for the unit of work's life, so
            // SQLite's compiled statements are kept (a SQLite connection is an in-process handle, so holding it costs
            // nothing; a PostgreSQL one is left to EF's pool).
            await statements.HoldAsync(db, cancellationToken).ConfigureAwait(false);
        }

        // The thread's conversation and whether this channel message was handled before, in one query; a message
        // on a thread not seen yet is checked on its own.
        var thread = activity.ExternalId is { } externalId
            ? await ThreadAndDuplicate(db, activity.Channel, activity.ChannelConversationId, externalId, cancellationToken).ConfigureAwait(false)
            : null;
        if ((thread?.Duplicate == true || (thread is null && activity.ExternalId is not null)) &&
            await DuplicateAsync(db, activity, cancellationToken).ConfigureAwait(false) is { } duplicate)
        {
            return duplicate;
        }

        var now = clock.GetUtcNow();
        var conversation = thread?.Conversation
            ?? await FindConversationAsync(db, activity, cancellationToken, threadLookedUp: activity.ExternalId is not null).ConfigureAwait(false)
            ?? await StartConversationAsync(db, activity, now, cancellationToken).ConfigureAwait(false);
        if (activity.ContactId is { } knownContact && activity.Verified && (!conversation.IsVerified || conversation.ContactId != knownContact))
        {
            await IdentifyAsync(db, conversation, knownContact, cancellationToken).ConfigureAwait(false);
        }

        // The turn ends with its save and changes none of its messages after it: they are recorded, not tracked.
        var inbound = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, activity.Text, now, activity.ExternalId, activity.From);
        db.Record(inbound);
        if (conversation.Owner == ConversationOwner.Resolved)
        {
            conversation.Reopen();
        }

        var ownerBefore = conversation.Owner;

        var replies = new List<Message>();
        ConversationParties? kept = null;
        if (activity.Command != ChannelCommand.None && await RunCommandAsync(db, conversation, inbound, activity.Command, now, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            replies.AddRange(answered);
        }
        else if (conversation.Owner == ConversationOwner.Bot)
        {
            var facts = thread?.FactsFor(conversation);
            var parties = await partiesCache.LoadAsync(db, conversation, cancellationToken, facts?.Version).ConfigureAwait(false);
            var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken, optedOut: facts?.OptedOut, untracked: true).ConfigureAwait(false);
            var localNow = ContactWindow.InZone(parties.TimeZone, now);
            var recognition = await recognizer.RecognizeAsync(activity.Text, new RecognitionContext(localNow, activity.Locale), cancellationToken).ConfigureAwait(false);
            var stack = DialogMemory.Deserialize(conversation.DialogVersion == dialogs.VersionHash ? conversation.DialogState : "");
            if (conversation.DialogState.Length > 0 && conversation.DialogVersion != dialogs.VersionHash)
            {
                LogDialogsChanged(logger, conversation.Id);
            }

            var turn = new TurnContext(db, parties, outbox, prompts, scope.ServiceProvider.GetRequiredService<IPaymentLinks>(), dialogs, stack, inbound, recognition, now, localNow);
            turn.Audit("turn.recognized", new { message = inbound.Id, intent = recognition.Intent.Name, confidence = recognition.Intent.Confidence, entities = recognition.Entities.Select(e => new { e.Entity, e.Value }) });
            await router.RouteAsync(turn, cancellationToken).ConfigureAwait(false);
            await turn.FlushAsync(phraser, cancellationToken).ConfigureAwait(false);
            conversation.SaveDialog(turn.HandedOff ? "" : stack.Serialize(), dialogs.VersionHash);
            replies.AddRange(turn.Replies.Select(r => r.Message));
            kept = turn.Parties;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (kept is not null)
        {
            partiesCache.Keep(db, kept);
        }

        await TellTheDeskAsync(conversation, ownerBefore, inbound, replies, cancellationToken).ConfigureAwait(false);
        return new TurnResult(conversation.Id, false, replies, conversation.Owner, conversation.ChannelConversationId, conversation.Address);
    }

    /// <summary>
    /// Tells people at the desk what the saved turn means for them: a conversation handed off joins the queue; a
    /// debtor's message in a conversation people hold goes to them; supervisors watching the conversation see the
    /// turn. The turn is saved whatever happens here.
    /// </summary>
    private async Task TellTheDeskAsync(Conversation conversation, ConversationOwner ownerBefore, Message inbound, IReadOnlyList<Message> replies, CancellationToken cancellationToken)
    {
        try
        {
            await events.TurnSavedAsync(conversation.Id, inbound, replies, cancellationToken).ConfigureAwait(false);
            if (ownerBefore is ConversationOwner.Agent or ConversationOwner.WaitingForAgent)
            {
                await events.DebtorMessageAsync(conversation, inbound, cancellationToken).ConfigureAwait(false);
            }
            else if (conversation.Owner == ConversationOwner.WaitingForAgent)
            {
                await events.WaitingAsync(conversation.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeskNotTold(logger, ex, conversation.Id);
        }
    }

    /// <summary>
    /// Honours a channel keyword, whoever owns the conversation. Returns the replies, or null when the message is an
    /// ordinary one after all (START or YES from an address that is not opted out).
    /// </summary>
    private async Task<List<Message>?> RunCommandAsync(CollectionsDbContext db, Conversation conversation, Message inbound, ChannelCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken, untracked: true).ConfigureAwait(false);
        var source = $"{conversation.Channel} keyword in message {inbound.Id}";
        string key;
        var purpose = MessagePurpose.Service;
        switch (command)
        {
            case ChannelCommand.OptOut:
                // For every creditor the address belongs to; confirmed once (a repeated STOP changes nothing and gets no answer).
                var wasOptedOut = await AnyOptOutAsync(db, conversation, cancellationToken).ConfigureAwait(false);
                var changed = await Consents.SetEverywhereAsync(db, conversation, ConsentStatus.OptedOut, source, now, cancellationToken).ConfigureAwait(false);
                outbox.Refresh(optedOut: true);
                if (conversation.Owner == ConversationOwner.Bot)
                {
                    conversation.SaveDialog("", dialogs.VersionHash);
                    conversation.Resolve();
                }

                if (changed == 0 && wasOptedOut)
                {
                    return [];
                }

                key = "opt_out.confirm";
                purpose = MessagePurpose.OptOutConfirmation;
                break;
            case ChannelCommand.OptIn:
                if (!await AnyOptOutAsync(db, conversation, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                await Consents.SetEverywhereAsync(db, conversation, ConsentStatus.OptedIn, source, now, cancellationToken).ConfigureAwait(false);
                outbox.Refresh(optedOut: false);
                key = "opt_in.confirm";
                break;
            case ChannelCommand.Help:
                key = "help";
                break;
            case ChannelCommand.Unreadable:
                key = "text_only";
                break;
            default:
                return null;
        }

        var model = PromptModel.For(conversation.Channel) with { CreditorName = conversation.IsVerified ? parties.Creditor?.Name ?? "" : "" };
        var text = prompts.Render(key, parties.Tone, model);
        var queued = outbox.Queue(new OutboundDraft(text, purpose, IsReply: true, DisclosesDebt: false), SenderKind.Bot, null, key, inbound.Id, now);
        return [queued.Message];
    }

    private static async Task<bool> AnyOptOutAsync(CollectionsDbContext db, Conversation conversation, CancellationToken cancellationToken)
    {
        var address = ChannelConsent.NormalizeAddress(conversation.Channel, conversation.Address);
        return await db.Consents.AnyAsync(c => c.Channel == conversation.Channel && c.Address == address && c.Status == ConsentStatus.OptedOut, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TurnResult?> DuplicateAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DuplicateAsync(scope.ServiceProvider.GetRequiredService<CollectionsDbContext>(), activity, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TurnResult?> DuplicateAsync(CollectionsDbContext db, InboundActivity activity, CancellationToken cancellationToken)
    {
        var earlier = await InboundByExternalId(db, activity.Channel, activity.ExternalId!, cancellationToken).ConfigureAwait(false);
        if (earlier is null)
        {
            return null;
        }

        var replies = await db.Messages.AsNoTracking().Where(m => m.ConversationId == earlier.ConversationId && m.InReplyToId == earlier.Id).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        var owner = await db.Conversations.Where(c => c.Id == earlier.ConversationId).Select(c => c.Owner).SingleAsync(cancellationToken).ConfigureAwait(false);
        return new TurnResult(earlier.ConversationId, true, replies, owner);
    }

    /// <summary>
    /// The conversation a message belongs to: its channel thread, or, for a text or an email answering one we
    /// started (a reminder goes out on the bare address, before there is a thread), the conversation we started.
    /// </summary>
    /// <remarks><paramref name="threadLookedUp"/>: the thread itself was looked up already and has no conversation; only the address is left.</remarks>
    private static async Task<Conversation?> FindConversationAsync(CollectionsDbContext db, InboundActivity activity, CancellationToken cancellationToken, bool threadLookedUp = false)
    {
        var conversation = threadLookedUp ? null : await ConversationByThread(db, activity.Channel, activity.ChannelConversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is null && activity.Channel is Channel.Sms or Channel.Email)
        {
            var address = ChannelConsent.NormalizeAddress(activity.Channel, activity.From);
            if (address != activity.ChannelConversationId)
            {
                conversation = await ConversationByThread(db, activity.Channel, address, cancellationToken).ConfigureAwait(false);
            }
        }

        return conversation;
    }

    private static async Task<Conversation> StartConversationAsync(CollectionsDbContext db, InboundActivity activity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = new Conversation(null, null, activity.Channel, activity.ChannelConversationId, now, activity.From);
        db.Conversations.Add(conversation);
        var contactId = activity.ContactId;
        if (contactId is null && activity.Channel is Channel.Sms or Channel.Email)
        {
            // A known phone or email address names the contact (not verified: whoever holds the phone must still say who they are).
            var address = ChannelConsent.NormalizeAddress(activity.Channel, activity.From);
            contactId = activity.Channel == Channel.Sms
                ? await ContactAtPhone(db, address, cancellationToken).ConfigureAwait(false)
                : await ContactAtEmail(db, address, cancellationToken).ConfigureAwait(false);
        }

        if (contactId is { } id)
        {
            await IdentifyAsync(db, conversation, id, cancellationToken, verified: activity.Verified).ConfigureAwait(false);
        }
        else if (activity.Channel is Channel.Sms or Channel.Email)
        {
            // Nobody we know writes from this address: the bot answers neutrally (it asks who they are) and a person
            // looks at who it might be.
            db.FollowUps.Add(new FollowUpTask(null, conversation.Id, FollowUpKind.ReviewUnknownSender, now, $"A message came from {activity.From}, which matches no contact.", now));
        }

        return conversation;
    }

    /// <summary>Links the conversation to a contact and that contact's most recent case.</summary>
    internal static async Task IdentifyAsync(CollectionsDbContext db, Conversation conversation, Guid contactId, CancellationToken cancellationToken, bool verified = true)
    {
        if (await CurrentCaseOfContact(db, contactId, cancellationToken).ConfigureAwait(false) is { } id)
        {
            conversation.Identify(id, contactId, verified);
        }
    }

    private async Task<TurnResult> RecordFailureAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        // One safe answer for any failure: the debtor's message is kept and they are told a person will follow up.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var now = clock.GetUtcNow();
        var conversation = await FindConversationAsync(db, activity, cancellationToken).ConfigureAwait(false)
            ?? await StartConversationAsync(db, activity, now, cancellationToken).ConfigureAwait(false);
        var inbound = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, activity.Text, now, activity.ExternalId, activity.From);
        db.Messages.Add(inbound);
        var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken).ConfigureAwait(false);
        var text = prompts.Render("system.error", parties.Tone, PromptModel.For(activity.Channel));
        var reply = outbox.Queue(new OutboundDraft(text, MessagePurpose.Service, IsReply: true, DisclosesDebt: false), SenderKind.System, null, "system.error", inbound.Id, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TurnResult(conversation.Id, false, [reply.Message], conversation.Owner, conversation.ChannelConversationId, conversation.Address);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn on {ChannelConversationId} met a concurrent turn (attempt {Attempt}); running it again.")]
    private static partial void LogRetry(ILogger logger, string channelConversationId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed on {Channel} conversation {ChannelConversationId}; the debtor gets the safe fallback.")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, Channel channel, string channelConversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The desk could not be told about conversation {ConversationId} (the turn is saved; agents see it on their next refresh).")]
    private static partial void LogDeskNotTold(ILogger logger, Exception exception, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} was saved by other dialog definitions; its dialogs restart.")]
    private static partial void LogDialogsChanged(ILogger logger, Guid conversationId);
}

/// <summary>
/// A thread's conversation, whether a channel message was recorded before (in any conversation), and, as read with
/// them, the conversation's case, that case's row version and whether the address is opted out for its creditor.
/// </summary>
internal sealed record ThreadRow(Conversation Conversation, bool Duplicate, Guid? CaseId, long? CaseVersion, bool OptedOut)
{
    /// <summary>What was read about the conversation's case, while it is still the conversation's case.</summary>
    public CaseFacts? FactsFor(Conversation conversation) =>
        CaseId is { } caseId && CaseVersion is { } version && conversation.CaseId == caseId ? new CaseFacts(version, OptedOut) : null;
}

/// <summary>A case's row version and whether the conversation's address is opted out for its creditor, read with the thread.</summary>
internal sealed record CaseFacts(long Version, bool OptedOut);
