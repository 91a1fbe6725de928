using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("USD", "1500.00", 150000L)]
    [InlineData("USD", "0.01", 1L)]
    [InlineData("JPY", "1250000", 1250000L)]
    [InlineData("JPY", "1", 1L)]
    [InlineData("BHD", "3875.250", 3875250L)]
    [InlineData("BHD", "0.005", 5L)]
    [InlineData("KWD", "12.345", 12345L)]
    [InlineData("EUR", "99.99", 9999L)]
    public void ToMinorUnits_IsoMinorDigits_ConvertsExactly(string currency, string amount, long expected)
    {
        var money = Money.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(expected, money.ToMinorUnits());
        Assert.Equal(money, Money.FromMinorUnits(expected, Currency.Find(currency)));
    }

    [Theory]
    [InlineData("USD", 10.005)]
    [InlineData("JPY", 100.5)]
    [InlineData("BHD", 1.0001)]
    public void Constructor_MoreDecimalsThanCurrencyAllows_Throws(string currency, double amount)
    {
        var error = Assert.Throws<ArgumentException>(() => Money.Of((decimal)amount, currency));

        Assert.Contains(currency, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_DifferentCurrencies_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Money.Of(1m, "USD") + Money.Of(1m, "EUR"));
    }

    [Fact]
    public void Subtract_SameCurrency_KeepsCurrency()
    {
        var result = Money.Of(100m, "GBP") - Money.Of(40.5m, "GBP");

        Assert.Equal(Money.Of(59.5m, "GBP"), result);
    }

    [Theory]
    [InlineData("usd", "USD", 2)]
    [InlineData(" jpy ", "JPY", 0)]
    [InlineData("BHD", "BHD", 3)]
    [InlineData("CLF", "CLF", 4)]
    public void TryFind_KnownCode_NormalizesAndKnowsDigits(string input, string code, int digits)
    {
        Assert.True(Currency.TryFind(input, out var currency));
        Assert.Equal(code, currency.Code);
        Assert.Equal(digits, currency.MinorDigits);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("")]
    [InlineData("XAU")]
    [InlineData(null)]
    public void TryFind_UnknownOrNonInvoiceCode_ReturnsFalse(string? code)
    {
        Assert.False(Currency.TryFind(code, out _));
    }
}
