using System.Collections.Concurrent;
using PhoneNumbers;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// Phone number parsing and E.164 normalization through libphonenumber. Answers are kept for the numbers seen
/// lately: every inbound text names two numbers (the sender's and ours), and the same few thousand come back all day,
/// while a parse and validation costs several microseconds.
/// </summary>
public static class PhoneNumbersE164
{
    /// <summary>How many inputs' answers are kept; past that the memory is emptied and fills again.</summary>
    public const int Remembered = 16_384;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly ConcurrentDictionary<(string Input, string Region), (string? Number, string? Error)> Answers = new();

    /// <summary>
    /// Parses <paramref name="input"/> (international "+44 20 7946 0958", or national digits read in
    /// <paramref name="defaultRegion"/>) and returns E.164, or null with a reason when it is not a valid number.
    /// </summary>
    public static string? TryNormalize(string input, string defaultRegion, out string? error)
    {
        if (input is null || input.Length > 64 || defaultRegion is null)
        {
            // Nothing a phone number could be: not worth remembering.
            return Parse(input!, defaultRegion!, out error);
        }

        if (!Answers.TryGetValue((input, defaultRegion), out var answer))
        {
            // Only a number not seen yet counts them (it has just paid for a parse, which costs far more).
            answer = (Parse(input, defaultRegion, out var reason), reason);
            if (Answers.Count >= Remembered)
            {
                Answers.Clear();
            }

            Answers[(input, defaultRegion)] = answer;
        }

        error = answer.Error;
        return answer.Number;
    }

    private static string? Parse(string input, string defaultRegion, out string? error)
    {
        error = null;
        try
        {
            var number = Util.Parse(input, defaultRegion);
            if (!Util.IsValidNumber(number))
            {
                error = "is not a valid phone number";
                return null;
            }

            return Util.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException ex)
        {
            error = ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "has no valid country code (use +country code)",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "is too short to be a phone number",
                ErrorType.TOO_LONG => "is too long to be a phone number",
                _ => "is not a phone number",
            };
            return null;
        }
    }
}
