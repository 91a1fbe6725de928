using System.Globalization;
using Bogus;
using CollectionsBot.Core.Receivables;
using CsvHelper;
using PhoneNumbers;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Writes a large, realistic AR-aging file in the import format: several creditors in different markets, about ten
/// invoices per debtor, one AP contact per debtor with a valid phone and email, aged 0-365 days, some part-paid.
/// The same seed always gives the same file.
/// </summary>
public static class PortfolioGenerator
{
    private sealed record Market(string Currency, string Region, string[] Zones, decimal MaxAmount);

    private static readonly int[] PaymentTermsDays = [14, 30, 45, 60];

    private static readonly Market[] Markets =
    [
        new("USD", "US", ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"], 50_000m),
        new("EUR", "DE", ["Europe/Berlin"], 40_000m),
        new("GBP", "GB", ["Europe/London"], 35_000m),
        new("JPY", "JP", ["Asia/Tokyo"], 5_000_000m),
        new("BHD", "BH", ["Asia/Bahrain"], 15_000m),
    ];

    /// <summary>Writes <paramref name="invoices"/> rows to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, int invoices, int seed = 20261124)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var random = new Randomizer(seed);
        var faker = new Faker("en") { Random = random };
        var phones = PhoneNumberUtil.GetInstance();
        var today = new DateOnly(2026, 11, 24);

        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in ReceivablesCsv.Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();

        var creditors = Enumerable.Range(0, Math.Max(1, invoices / 20_000))
            .Select(i => (Name: $"{faker.Company.CompanyName()} {faker.PickRandom("Supply", "Logistics", "Industrial", "Software", "Foods")}", Market: Markets[i % Markets.Length], Prefix: $"C{i + 1}"))
            .ToList();

        var written = 0;
        var debtorNumber = 0;
        while (written < invoices)
        {
            var creditor = creditors[debtorNumber % creditors.Count];
            var market = creditor.Market;
            debtorNumber++;
            var company = faker.Company.CompanyName();
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var domain = $"{new string(company.ToLowerInvariant().Where(char.IsLetter).Take(18).ToArray())}{debtorNumber}.example";
            var phone = ValidPhone(phones, random, market.Region);
            var zone = random.ArrayElement(market.Zones);
            var count = Math.Min(invoices - written, random.Int(4, 16));
            for (var n = 0; n < count; n++)
            {
                var issued = today.AddDays(-random.Int(5, 365));
                var due = issued.AddDays(random.ArrayElement(PaymentTermsDays));
                var digits = market.Currency switch { "JPY" => 0, "BHD" => 3, _ => 2 };
                var amount = decimal.Round(random.Decimal(50m, market.MaxAmount), digits);
                var balance = random.Int(0, 99) switch
                {
                    < 5 => 0m,
                    < 25 => decimal.Round(amount * random.Decimal(0.1m, 0.9m), digits),
                    _ => amount,
                };

                csv.WriteField(creditor.Name);
                csv.WriteField(company);
                csv.WriteField($"D{debtorNumber:D6}");
                csv.WriteField($"{first} {last}");
                csv.WriteField(phone);
                csv.WriteField($"ap.{last.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal)}@{domain}");
                csv.WriteField(zone);
                csv.WriteField($"{creditor.Prefix}-{written + 1:D7}");
                csv.WriteField(issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.WriteField(amount.ToString("F" + digits, CultureInfo.InvariantCulture));
                csv.WriteField(balance.ToString("F" + digits, CultureInfo.InvariantCulture));
                csv.WriteField(market.Currency);
                csv.NextRecord();
                written++;
            }
        }
    }

    /// <summary>The whole file as bytes.</summary>
    public static byte[] Generate(int invoices, int seed = 20261124)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, leaveOpen: true))
        {
            Write(writer, invoices, seed);
        }

        return buffer.ToArray();
    }

    // libphonenumber's example number for the region, with random last digits until the library calls it valid.
    private static string ValidPhone(PhoneNumberUtil phones, Randomizer random, string region)
    {
        var example = phones.GetExampleNumberForType(region, PhoneNumberType.MOBILE) ?? phones.GetExampleNumber(region);
        var national = example.NationalNumber.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var candidate = national[..^4] + random.Int(0, 9999).ToString("D4", CultureInfo.InvariantCulture);
            var number = phones.Parse($"+{example.CountryCode}{candidate}", region);
            if (phones.IsValidNumber(number))
            {
                return phones.Format(number, PhoneNumberFormat.INTERNATIONAL);
            }
        }

        return phones.Format(example, PhoneNumberFormat.INTERNATIONAL);
    }
}
