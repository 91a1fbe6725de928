using System.Collections.Frozen;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Payments.Stripe;

/// <summary>
/// Amounts as Stripe takes them (https://docs.stripe.com/currencies). Stripe's table differs from ISO 4217's: its
/// zero-decimal currencies take whole units (MGA and UGX among them, though ISO gives them decimals), three-decimal
/// currencies take thousandths rounded to a multiple of ten, and every other currency takes hundredths (ISK too).
/// </summary>
public static class StripeAmounts
{
    private static readonly FrozenSet<string> ZeroDecimal =
        "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The unit_amount for <paramref name="amount"/>, rounded half away from zero to what Stripe accepts.</summary>
    public static long ToUnitAmount(Money amount)
    {
        if (amount.Currency is null)
        {
            throw new ArgumentException("The amount has no currency.", nameof(amount));
        }

        if (ZeroDecimal.Contains(amount.Currency.Code))
        {
            return decimal.ToInt64(decimal.Round(amount.Amount, 0, MidpointRounding.AwayFromZero));
        }

        if (amount.Currency.MinorDigits == 3)
        {
            // Thousandths, ending in 0: 12.345 KWD is 12350.
            return decimal.ToInt64(decimal.Round(amount.Amount * 100m, 0, MidpointRounding.AwayFromZero)) * 10;
        }

        return decimal.ToInt64(decimal.Round(amount.Amount * 100m, 0, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// The money an amount from Stripe stands for (an event's amount_total, a PaymentIntent's amount_received), read
    /// with the same table it was written with; null for a currency ISO 4217 does not know.
    /// </summary>
    public static Money? FromUnitAmount(long unitAmount, string? stripeCurrency)
    {
        if (!Currency.TryFind(stripeCurrency?.ToUpperInvariant(), out var currency))
        {
            return null;
        }

        var divisor = ZeroDecimal.Contains(currency.Code) ? 1m : currency.MinorDigits == 3 ? 1000m : 100m;
        return new Money(unitAmount / divisor, currency);
    }

    /// <summary>The currency as Stripe writes it: the lower-case ISO code.</summary>
    public static string CurrencyCode(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return currency.Code.ToLowerInvariant();
    }
}
