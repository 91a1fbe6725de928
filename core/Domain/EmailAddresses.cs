using System.Net.Mail;

namespace CollectionsBot.Core.Domain;

/// <summary>Validation of single email addresses as they appear in a creditor's records.</summary>
public static class EmailAddresses
{
    /// <summary>
    /// True for a bare address (no display name, no list) whose domain has a dot, e.g. ap@acme.example.
    /// </summary>
    public static bool IsValid(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 254)
        {
            return false;
        }

        var trimmed = input.Trim();
        if (!MailAddress.TryCreate(trimmed, out var address) || !string.Equals(address.Address, trimmed, StringComparison.Ordinal))
        {
            return false;
        }

        var host = address.Host;
        return host.Contains('.', StringComparison.Ordinal) && !host.StartsWith('.') && !host.EndsWith('.') && !trimmed.Contains(' ', StringComparison.Ordinal);
    }
}
