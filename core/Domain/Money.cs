using System.Globalization;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// An amount in major units (1500.00 dollars, 1500 yen) with its currency. Arithmetic refuses to mix currencies.
/// Conversion to minor units happens only at a payment provider's edge, through <see cref="ToMinorUnits"/>.
/// </summary>
public readonly record struct Money
{
    /// <summary>Creates an amount; it must fit the currency's minor unit (no 10.005 USD).</summary>
    public Money(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (!currency.IsRepresentable(amount))
        {
            throw new ArgumentException(
                $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency.Code} allows ({currency.MinorDigits}).",
                nameof(amount));
        }

        Amount = amount;
        Currency = currency;
    }

    /// <summary>Amount in major units.</summary>
    public decimal Amount { get; }

    /// <summary>The ISO 4217 currency.</summary>
    public Currency Currency { get; }

    /// <summary>Creates an amount from a currency code.</summary>
    public static Money Of(decimal amount, string currencyCode) => new(amount, Currency.Find(currencyCode));

    /// <summary>Zero in the given currency.</summary>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>True for a strictly positive amount.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>
    /// The integer amount in the currency's ISO minor unit (cents for USD, yen for JPY, fils for BHD).
    /// A provider whose own table differs (some treat a currency as zero-decimal) adjusts at its edge.
    /// </summary>
    public long ToMinorUnits() => decimal.ToInt64(Amount * Pow10(Currency.MinorDigits));

    /// <summary>The inverse of <see cref="ToMinorUnits"/>.</summary>
    public static Money FromMinorUnits(long minorUnits, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return new Money(minorUnits / Pow10(currency.MinorDigits), currency);
    }

    /// <summary>Adds two amounts of the same currency.</summary>
    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    /// <summary>Subtracts two amounts of the same currency.</summary>
    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    /// <summary>The smaller of two amounts of the same currency.</summary>
    public static Money Min(Money left, Money right)
    {
        SameCurrency(left, right);
        return left.Amount <= right.Amount ? left : right;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Amount.ToString("N" + Currency.MinorDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency.Code}";

    private static Currency SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? left.Currency
            : throw new InvalidOperationException($"Cannot combine {left.Currency.Code} with {right.Currency.Code}.");

    private static decimal Pow10(int digits) => digits switch
    {
        0 => 1m,
        1 => 10m,
        2 => 100m,
        3 => 1000m,
        4 => 10000m,
        _ => throw new ArgumentOutOfRangeException(nameof(digits)),
    };
}
