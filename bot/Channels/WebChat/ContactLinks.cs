using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CollectionsBot.Bot.Channels.WebChat;

/// <summary>
/// Signed per-contact chat links (<c>/c/{token}</c>) for reminders: whoever opens one is taken as that contact,
/// verified, so the link must only go to the contact's own address. Protected by Data Protection for this purpose
/// alone and valid for <see cref="Lifetime"/>; nothing is stored.
/// </summary>
public sealed class ContactLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    /// <summary>How long a link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private const string Prefix = "contact:";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("CollectionsBot.WebChat.ContactLink.v1").ToTimeLimitedDataProtector();

    /// <summary>A link token for the contact, valid for <see cref="Lifetime"/>.</summary>
    public string Create(Guid contactId) => _protector.Protect(Prefix + contactId.ToString("N", CultureInfo.InvariantCulture), clock.GetUtcNow().Add(Lifetime));

    /// <summary>The path of the contact's chat link on our host.</summary>
    public string PathFor(Guid contactId) => "/c/" + Uri.EscapeDataString(Create(contactId));

    /// <summary>Reads a link token; false when it is forged, damaged, from another key ring or expired.</summary>
    public bool TryRead(string? token, out Guid contactId)
    {
        contactId = Guid.Empty;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2048)
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(token, out var expiration);
            return expiration >= clock.GetUtcNow()
                && payload.StartsWith(Prefix, StringComparison.Ordinal)
                && Guid.TryParseExact(payload[Prefix.Length..], "N", out contactId);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
