using System.Globalization;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Wording;

/// <summary>How amounts, dates and frequencies are worded in messages.</summary>
public static class Words
{
    /// <summary>An amount with its currency: "$1,200.00", "€950.50", "¥120,000", "CHF 75.00".</summary>
    public static string Money(Money money)
    {
        var digits = money.Currency.MinorDigits;
        var number = money.Amount.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return money.Currency.Code switch
        {
            "USD" => "$" + number,
            "EUR" => "€" + number,
            "GBP" => "£" + number,
            "JPY" => "¥" + number,
            _ => money.Currency.Code + " " + number,
        };
    }

    /// <summary>An amount in <paramref name="currencyCode"/>.</summary>
    public static string Money(decimal amount, string currencyCode) => Money(Domain.Money.Of(amount, currencyCode));

    /// <summary>A date for the channel: "Fri 13 Mar" by SMS, "Friday 13 March 2026" elsewhere.</summary>
    public static string Date(DateOnly date, Channel channel) =>
        date.ToString(channel == Channel.Sms ? "ddd d MMM" : "dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A frequency in words.</summary>
    public static string Frequency(PaymentFrequency frequency) => frequency switch
    {
        PaymentFrequency.Weekly => "weekly",
        PaymentFrequency.Biweekly => "every two weeks",
        PaymentFrequency.Monthly => "monthly",
        _ => "",
    };

    /// <summary>A local time of day: "08:00".</summary>
    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
