using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>What a Direct Line token allows: one conversation, as one user, maybe as a verified contact.</summary>
/// <param name="ConversationId">The only conversation the token opens.</param>
/// <param name="UserId">The user the token speaks for.</param>
/// <param name="ContactId">The contact a signed link named, if any.</param>
/// <param name="Verified">True when that contact is verified (a signed per-contact link).</param>
public sealed record DirectLineGrant(string ConversationId, string UserId, Guid? ContactId, bool Verified);

/// <summary>
/// Issues and reads Direct Line tokens: opaque to clients, protected (encrypted and signed) by ASP.NET Core Data
/// Protection with an expiry, so nothing about them is stored and they survive restarts as long as the key ring does.
/// Stream tokens (in a <c>streamUrl</c>) are a separate purpose with a short life, so a conversation token pasted
/// into a URL is not enough to open a stream and a stream URL is not a conversation token.
/// </summary>
public sealed class DirectLineTokens(IDataProtectionProvider protection, TimeProvider clock, IOptions<DirectLineOptions> options)
{
    private static readonly TimeSpan StreamLifetime = TimeSpan.FromMinutes(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ITimeLimitedDataProtector _tokens = protection.CreateProtector("CollectionsBot.DirectLine.Token.v1").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _streams = protection.CreateProtector("CollectionsBot.DirectLine.Stream.v1").ToTimeLimitedDataProtector();

    /// <summary>A token's lifetime in seconds (the <c>expires_in</c> clients get).</summary>
    public int LifetimeSeconds => Math.Max(60, options.Value.TokenLifetimeSeconds);

    /// <summary>Issues a conversation token.</summary>
    public string Issue(DirectLineGrant grant) => _tokens.Protect(JsonSerializer.Serialize(grant, Json), clock.GetUtcNow().AddSeconds(LifetimeSeconds));

    /// <summary>Issues a short-lived token for one stream connection.</summary>
    public string IssueStream(DirectLineGrant grant) => _streams.Protect(JsonSerializer.Serialize(grant, Json), clock.GetUtcNow().Add(StreamLifetime));

    /// <summary>Reads a conversation token; null when it is forged, damaged, from another key ring or expired.</summary>
    public DirectLineGrant? Read(string token) => Read(_tokens, token);

    /// <summary>Reads a stream token; null when it is not valid or has expired.</summary>
    public DirectLineGrant? ReadStream(string token) => Read(_streams, token);

    private DirectLineGrant? Read(ITimeLimitedDataProtector protector, string token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            // The protector checks the expiry against the system clock; checking again with ours keeps tests honest.
            var payload = protector.Unprotect(token, out var expiration);
            return expiration < clock.GetUtcNow() ? null : JsonSerializer.Deserialize<DirectLineGrant>(payload, Json);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
