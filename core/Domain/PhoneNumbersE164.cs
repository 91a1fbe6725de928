using PhoneNumbers;

namespace CollectionsBot.Core.Domain;

/// <summary>Phone number parsing and E.164 normalization through libphonenumber.</summary>
public static class PhoneNumbersE164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Parses <paramref name="input"/> (international "+44 20 7946 0958", or national digits read in
    /// <paramref name="defaultRegion"/>) and returns E.164, or null with a reason when it is not a valid number.
    /// </summary>
    public static string? TryNormalize(string input, string defaultRegion, out string? error)
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
