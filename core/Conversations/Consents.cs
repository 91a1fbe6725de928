using System.Text.Json;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Conversations;

/// <summary>
/// Records who may be messaged where. Consent is per creditor, channel and address (the debtor's phone or email),
/// so an opt-out holds whichever of our numbers or mailboxes would send. Changes are added to the unit of work,
/// each with an audit event; the caller saves.
/// </summary>
public static class Consents
{
    /// <summary>Sets one creditor's consent for an address; true when it changed.</summary>
    public static async Task<bool> ChangeAsync(CollectionsDbContext db, Guid creditorId, Channel channel, string address, Guid? contactId, ConsentStatus status, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = ChannelConsent.NormalizeAddress(channel, address);
        var consent = db.Consents.Local.FirstOrDefault(c => c.CreditorId == creditorId && c.Channel == channel && c.Address == normalized)
            ?? await db.Consents.SingleOrDefaultAsync(c => c.CreditorId == creditorId && c.Channel == channel && c.Address == normalized, cancellationToken).ConfigureAwait(false);
        bool changed;
        if (consent is null)
        {
            db.Consents.Add(new ChannelConsent(creditorId, channel, normalized, contactId, status, source, now));
            changed = true;
        }
        else
        {
            changed = consent.Change(status, source, now);
        }

        if (changed)
        {
            db.Record(new AuditEvent(now, "system", status == ConsentStatus.OptedOut ? "consent.opted_out" : "consent.opted_in", nameof(ChannelConsent), $"{channel}:{normalized}",
                JsonSerializer.Serialize(new { channel = channel.ToString(), address = normalized, source }))
            {
                CreditorId = creditorId,
                Rule = status == ConsentStatus.OptedOut ? "opt_out" : null,
            });
        }

        return changed;
    }

    /// <summary>
    /// The creditors an address belongs to on a channel: the conversation's own creditor, and every creditor with a
    /// contact at that phone number or email address (so a STOP from a shared AP phone holds for all of them).
    /// </summary>
    public static async Task<IReadOnlyList<(Guid CreditorId, Guid? ContactId)>> CreditorsAtAsync(CollectionsDbContext db, Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(conversation);
        var address = ChannelConsent.NormalizeAddress(conversation.Channel, conversation.Address);
        var found = new List<(Guid, Guid?)>();
        if (conversation.CaseId is { } caseId)
        {
            var creditorId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.CreditorId).SingleAsync(cancellationToken).ConfigureAwait(false);
            found.Add((creditorId, conversation.ContactId));
        }

        var others = await ContactAddresses.At(db, conversation.Channel, address).Join(db.Debtors, c => c.DebtorId, d => d.Id, (c, d) => new { d.CreditorId, ContactId = c.Id }).ToListAsync(cancellationToken).ConfigureAwait(false);
        found.AddRange(others.Where(o => found.All(f => f.Item1 != o.CreditorId)).Select(o => (o.CreditorId, (Guid?)o.ContactId)));
        return found;
    }

    /// <summary>Opts the conversation's address out on its channel for every creditor it belongs to. Returns how many changed.</summary>
    public static Task<int> OptOutEverywhereAsync(CollectionsDbContext db, Guid conversationId, string source, DateTimeOffset now, CancellationToken cancellationToken) =>
        SetEverywhereAsync(db, conversationId, ConsentStatus.OptedOut, source, now, cancellationToken);

    /// <summary>Sets the conversation's address on its channel to <paramref name="status"/> for every creditor it belongs to. Returns how many changed.</summary>
    public static async Task<int> SetEverywhereAsync(CollectionsDbContext db, Guid conversationId, ConsentStatus status, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var conversation = db.Conversations.Local.FirstOrDefault(c => c.Id == conversationId)
            ?? await db.Conversations.SingleAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false);
        return await SetEverywhereAsync(db, conversation, status, source, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the conversation's address on its channel to <paramref name="status"/> for every creditor it belongs to. Returns how many changed.</summary>
    public static async Task<int> SetEverywhereAsync(CollectionsDbContext db, Conversation conversation, ConsentStatus status, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var (creditorId, contactId) in await CreditorsAtAsync(db, conversation, cancellationToken).ConfigureAwait(false))
        {
            if (await ChangeAsync(db, creditorId, conversation.Channel, conversation.Address, contactId, status, source, now, cancellationToken).ConfigureAwait(false))
            {
                changed++;
            }
        }

        return changed;
    }
}

/// <summary>Who is reachable at an address: the contacts with that phone number or email address.</summary>
public static class ContactAddresses
{
    /// <summary>
    /// The contacts at a normalized address (<see cref="ChannelConsent.NormalizeAddress"/>) on a channel: the phone
    /// number for SMS, the email address (any case) for email, nobody on channels without addresses.
    /// </summary>
    public static IQueryable<Contact> At(CollectionsDbContext db, Channel channel, string address)
    {
        ArgumentNullException.ThrowIfNull(db);
#pragma warning disable CA1304, CA1311, CA1862 // EF translates ToLower() to SQL's lower(); no .NET culture is involved.
        return channel switch
        {
            Channel.Sms => db.Contacts.Where(c => c.PhoneE164 == address),
            Channel.Email => db.Contacts.Where(c => c.Email != null && c.Email.ToLower() == address),
            _ => db.Contacts.Where(_ => false),
        };
#pragma warning restore CA1304, CA1311, CA1862
    }
}
