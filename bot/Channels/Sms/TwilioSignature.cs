using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Twilio's webhook signature (X-Twilio-Signature): HMAC-SHA1 with the auth token over the full URL Twilio called
/// followed by every POST parameter as name and value, sorted by name (then value), Base64. As Twilio's own
/// libraries do, the URL is also tried with and without the scheme's default port. A JSON body is covered by the
/// bodySHA256 query parameter instead. Source: https://www.twilio.com/docs/usage/webhooks/webhooks-security
/// </summary>
public static class TwilioSignature
{
    /// <summary>The signature of a form webhook.</summary>
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(authToken);
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // The protocol fixes HMAC-SHA1; it is Twilio's choice, not ours.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>True when <paramref name="signature"/> signs a form webhook to <paramref name="url"/> with these parameters.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken, string? signature)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var list = parameters.ToList();
        return Variants(url).Any(candidate => SameText(Compute(candidate, list, authToken), signature));
    }

    /// <summary>
    /// True when <paramref name="signature"/> signs a JSON webhook: the URL (with its bodySHA256 query parameter)
    /// is signed, and bodySHA256 must be the hex SHA-256 of the raw body.
    /// </summary>
    public static bool IsValidJson(string url, ReadOnlySpan<byte> body, string authToken, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var declared = HttpUtility.ParseQueryString(uri.Query)["bodySHA256"];
        if (declared is null || !SameText(Convert.ToHexStringLower(SHA256.HashData(body)), declared.ToLowerInvariant()))
        {
            return false;
        }

        return Variants(url).Any(candidate => SameText(Compute(candidate, [], authToken), signature));
    }

    // The URL as given, and with the scheme's default port written out and left out.
    private static IEnumerable<string> Variants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort)
        {
            yield break;
        }

        var host = uri.UserInfo.Length > 0 ? $"{uri.UserInfo}@{uri.Host}" : uri.Host;
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var slash = rest.IndexOfAny(['/', '?', '#']);
        var tail = slash < 0 ? "" : rest[slash..];
        yield return $"{uri.Scheme}://{host}:{uri.Port}{tail}";
        yield return $"{uri.Scheme}://{host}{tail}";
    }

    private static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
