using System.Buffers;

namespace CollectionsBot.Core.Compliance;

/// <summary>How long a message may be on each channel, and how many SMS segments a text needs.</summary>
public static class MessageLength
{
    /// <summary>Most SMS segments a message may take (each segment is billed and may arrive separately).</summary>
    public const int MaxSmsSegments = 4;

    /// <summary>Longest chat message (Web Chat, Teams) we send.</summary>
    public const int MaxChatCharacters = 4000;

    /// <summary>Longest email body we send.</summary>
    public const int MaxEmailCharacters = 20000;

    // GSM 03.38 basic character set, and the extension table whose characters take two septets.
    private static readonly SearchValues<char> GsmBasic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    private static readonly SearchValues<char> GsmExtension = SearchValues.Create("^{}\\[~]|€\f");

    /// <summary>True when every character can be sent in the GSM 7-bit alphabet.</summary>
    public static bool IsGsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!GsmBasic.Contains(c) && !GsmExtension.Contains(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// SMS segments the text needs: GSM-7 fits 160 septets in one segment, 153 per segment when split (extension
    /// characters take two); anything else goes as UCS-2, 70 UTF-16 units in one segment, 67 when split.
    /// </summary>
    public static int SmsSegments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 1;
        }

        if (IsGsm7(text))
        {
            var septets = 0;
            foreach (var c in text)
            {
                septets += GsmExtension.Contains(c) ? 2 : 1;
            }

            return septets <= 160 ? 1 : (septets + 152) / 153;
        }

        return text.Length <= 70 ? 1 : (text.Length + 66) / 67;
    }

    /// <summary>
    /// Characters a writer (a template, the LLM phraser) may use on the channel, leaving room in an SMS for a
    /// disclosure the guard may add: one segment fewer than the limit.
    /// </summary>
    public static int RoomForText(Domain.Channel channel) => channel switch
    {
        Domain.Channel.Sms => 153 * (MaxSmsSegments - 1),
        Domain.Channel.Email => MaxEmailCharacters,
        _ => MaxChatCharacters,
    };

    /// <summary>Whether <paramref name="text"/> fits the channel's limit.</summary>
    public static bool Fits(Domain.Channel channel, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return channel switch
        {
            Domain.Channel.Sms => SmsSegments(text) <= MaxSmsSegments,
            Domain.Channel.Email => text.Length <= MaxEmailCharacters,
            _ => text.Length <= MaxChatCharacters,
        };
    }
}
