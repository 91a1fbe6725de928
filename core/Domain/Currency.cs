using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// An ISO 4217 currency that an invoice can be issued in, with its number of minor-unit digits.
/// Funds codes, precious metals and testing codes are deliberately absent: nobody invoices in them.
/// </summary>
public sealed record Currency
{
    private Currency(string code, int minorDigits)
    {
        Code = code;
        MinorDigits = minorDigits;
    }

    /// <summary>The three-letter upper-case ISO 4217 code, e.g. "USD".</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal point in the ISO 4217 table: 0 for JPY, 2 for USD, 3 for BHD.</summary>
    public int MinorDigits { get; }

    /// <summary>US dollar.</summary>
    public static Currency Usd => Find("USD");

    /// <summary>Looks a code up, ignoring case and surrounding spaces.</summary>
    public static bool TryFind(string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        return Table.TryGetValue(code.Trim().ToUpperInvariant(), out currency);
    }

    /// <summary>Looks a code up or throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public static Currency Find(string code) =>
        TryFind(code, out var currency)
            ? currency
            : throw new ArgumentException($"'{code}' is not an ISO 4217 currency code.", nameof(code));

    /// <summary>True when <paramref name="amount"/> has no more decimals than the currency allows.</summary>
    public bool IsRepresentable(decimal amount) => decimal.Round(amount, MinorDigits) == amount;

    /// <summary>Rounds half away from zero to the currency's minor unit.</summary>
    public decimal Round(decimal amount) => decimal.Round(amount, MinorDigits, MidpointRounding.AwayFromZero);

    /// <inheritdoc />
    public override string ToString() => Code;

    // ISO 4217 list one (current codes), minor units as published by the maintenance agency.
    private static readonly FrozenDictionary<string, Currency> Table = BuildTable();

    private static FrozenDictionary<string, Currency> BuildTable()
    {
        const string zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string three = "BHD IQD JOD KWD LYD OMR TND";
        const string four = "CLF UYW";
        const string two =
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD " +
            "CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD " +
            "GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD " +
            "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP " +
            "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS " +
            "TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";

        var entries = new Dictionary<string, Currency>(StringComparer.Ordinal);
        void Add(string codes, int digits)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                entries.Add(code, new Currency(code, digits));
            }
        }

        Add(zero, 0);
        Add(two, 2);
        Add(three, 3);
        Add(four, 4);
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
