using System.Globalization;
using System.Text;
using CollectionsBot.Core.Domain;
using CsvHelper;
using CsvHelper.Configuration;

namespace CollectionsBot.Core.Receivables;

/// <summary>The outcome of reading a file: valid rows, or every error found.</summary>
/// <param name="Rows">Rows that passed every check (only meaningful when <paramref name="Errors"/> is empty).</param>
/// <param name="Errors">Every problem found, in file order.</param>
public sealed record ParsedReceivables(IReadOnlyList<ReceivableRow> Rows, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Reads and validates an AR-aging CSV without touching the database: every bad row is reported with its line
/// number and reason, so a file is accepted or rejected as a whole.
/// </summary>
public sealed class ReceivablesParser(ImportOptions options)
{
    // A debtor's contact repeats on every invoice row; libphonenumber is the slowest check, so ask it once.
    private readonly Dictionary<(string Number, string Region), (string? E164, string? Error)> _phones = [];

    // The database keeps 18 digits before the point and 4 after (numeric(22,4)).
    private const decimal MaxAmount = 1_000_000_000_000_000_000m;

    private const NumberStyles AmountStyle = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;

    /// <summary>Reads the whole file.</summary>
    public ParsedReceivables Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<ImportError>();
        var rows = new List<ReceivableRow>();
        var badData = new List<string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            // Blank lines come through as empty records and are skipped below, so every physical line is accounted
            // for and a record starts on the line after the previous one ended, however its quotes look.
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            BadDataFound = args => badData.Add(Shorten(args.Field)),
        };

        using var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read())
            {
                errors.Add(new ImportError(1, "", $"The file is empty. The first line must be the header: {ReceivablesCsv.Header}"));
                return new ParsedReceivables(rows, errors);
            }

            var header = csv.Parser.Record ?? [];
            var columns = MapHeader(header, errors);
            if (columns is null)
            {
                return new ParsedReceivables(rows, errors);
            }

            var checks = new CrossRowChecks(errors);
            var previousEnd = csv.Parser.RawRow;
            while (csv.Read())
            {
                var line = previousEnd + 1;
                previousEnd = csv.Parser.RawRow;
                var record = csv.Parser.Record ?? [];
                if (record.All(string.IsNullOrWhiteSpace))
                {
                    continue; // a blank line, or a spreadsheet's empty row (",,,,"), is not an invoice
                }

                errors.AddRange(badData.Select(field => new ImportError(line, "", $"Malformed CSV near '{field}': check the quotes.")));
                badData.Clear();
                var row = ParseRow(line, record, header.Length, columns, errors);
                if (row is not null)
                {
                    checks.Check(row);
                    rows.Add(row);
                }
                else if (csv.Parser.RawRow > line)
                {
                    errors.Add(new ImportError(line, "", $"This record runs from line {line} to line {csv.Parser.RawRow} because of a quoted value: check for a missing closing quote."));
                }
            }

            if (rows.Count == 0 && errors.Count == 0)
            {
                errors.Add(new ImportError(2, "", "The file has a header but no invoice rows."));
            }
        }
        catch (Exception ex) when (ex is DecoderFallbackException || ex.InnerException is DecoderFallbackException)
        {
            errors.Add(new ImportError(csv.Parser.RawRow + 1, "", "The file is not UTF-8 text (invalid bytes at or after this line). Save it as CSV UTF-8 and send it again."));
        }
        catch (CsvHelperException ex)
        {
            errors.Add(new ImportError(ex.Context?.Parser?.RawRow ?? 0, "", $"The file is not valid CSV: {ex.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)}."));
        }

        return new ParsedReceivables(rows, errors);
    }

    private static Dictionary<string, int>? MapHeader(string[] header, List<ImportError> errors)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }

            if (!map.TryAdd(name, i))
            {
                errors.Add(new ImportError(1, name, $"Column '{name}' appears twice in the header."));
            }
        }

        foreach (var column in ReceivablesCsv.Columns.Where(c => !map.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, column, $"Missing column '{column}'. The header must be: {ReceivablesCsv.Header}"));
        }

        return errors.Count == 0 ? map : null;
    }

    private ReceivableRow? ParseRow(int line, string[] record, int headerLength, Dictionary<string, int> columns, List<ImportError> errors)
    {
        var before = errors.Count;
        if (record.Length > headerLength)
        {
            errors.Add(new ImportError(line, "", $"The row has {record.Length} fields but the header has {headerLength}: is there an unquoted comma in a value?"));
            return null;
        }

        string? Field(string column)
        {
            var index = columns[column];
            if (index >= record.Length)
            {
                errors.Add(new ImportError(line, column, $"Missing column '{column}': the row has only {record.Length} fields."));
                return null;
            }

            var value = record[index].Trim();
            return value.Length == 0 ? null : value;
        }

        string Required(string column, int maxLength)
        {
            var value = Field(column);
            if (value is null)
            {
                if (columns[column] < record.Length)
                {
                    errors.Add(new ImportError(line, column, $"'{column}' is required."));
                }

                return "";
            }

            if (value.Length > maxLength)
            {
                errors.Add(new ImportError(line, column, $"'{column}' is longer than {maxLength} characters."));
            }

            return value;
        }

        var creditor = Required(ReceivablesCsv.Creditor, 200);
        var debtor = Required(ReceivablesCsv.Debtor, 200);
        var reference = Required(ReceivablesCsv.DebtorReference, 100);
        var invoiceNumber = Required(ReceivablesCsv.InvoiceNumber, 64);
        var contactName = Field(ReceivablesCsv.ContactName);
        var email = Field(ReceivablesCsv.ContactEmail);
        var zone = Field(ReceivablesCsv.ContactTimeZone);

        // A number written without +country code is read in the contact's country, known from their time zone.
        var phone = ParsePhone(line, Field(ReceivablesCsv.ContactPhone), TimeZones.CountryOf(zone) ?? options.DefaultPhoneRegion, errors);
        var issue = ParseDate(line, ReceivablesCsv.IssueDate, Required(ReceivablesCsv.IssueDate, 10), errors);
        var due = ParseDate(line, ReceivablesCsv.DueDate, Required(ReceivablesCsv.DueDate, 10), errors);
        var amount = ParseAmount(line, ReceivablesCsv.Amount, Required(ReceivablesCsv.Amount, 30), errors);
        var balance = ParseAmount(line, ReceivablesCsv.Balance, Required(ReceivablesCsv.Balance, 30), errors);
        var currencyText = Required(ReceivablesCsv.Currency, 40);

        if (contactName?.Length > 200)
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactName, "'contact_name' is longer than 200 characters."));
        }

        if (email is not null && !EmailAddresses.IsValid(email))
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactEmail, $"'{Shorten(email)}' is not a valid email address."));
        }

        if (zone is not null && !TimeZones.TryFind(zone, out _))
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactTimeZone, $"'{Shorten(zone)}' is not an IANA time zone (e.g. America/Chicago, Europe/London)."));
        }

        if ((phone is not null || email is not null) && contactName is null)
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactName, "'contact_name' is required when a phone or email is given."));
        }
        else if (contactName is not null && phone is null && email is null && Field(ReceivablesCsv.ContactPhone) is null)
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactPhone, "A contact needs a phone or an email."));
        }

        if (issue is { } i && due is { } d && d < i)
        {
            errors.Add(new ImportError(line, ReceivablesCsv.DueDate, $"The due date {d:yyyy-MM-dd} is before the issue date {i:yyyy-MM-dd}."));
        }

        Currency? currency = null;
        if (currencyText.Length > 0 && !Currency.TryFind(currencyText, out currency))
        {
            errors.Add(new ImportError(line, ReceivablesCsv.Currency, $"'{Shorten(currencyText)}' is not a known ISO 4217 currency code."));
        }

        if (amount is { } a && balance is { } b)
        {
            if (a == 0m)
            {
                errors.Add(new ImportError(line, ReceivablesCsv.Amount, "The amount must be greater than zero."));
            }

            if (b > a)
            {
                errors.Add(new ImportError(line, ReceivablesCsv.Balance, $"The balance {b.ToString(CultureInfo.InvariantCulture)} is above the amount {a.ToString(CultureInfo.InvariantCulture)}."));
            }

            if (currency is not null)
            {
                CheckPrecision(line, ReceivablesCsv.Amount, a, currency, errors);
                CheckPrecision(line, ReceivablesCsv.Balance, b, currency, errors);
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ReceivableRow(line, creditor, debtor, reference, contactName, phone, email, zone is null ? null : TimeZones.Require(zone),
            invoiceNumber, issue!.Value, due!.Value, amount!.Value, balance!.Value, currency!.Code);
    }

    private string? ParsePhone(int line, string? value, string region, List<ImportError> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (!_phones.TryGetValue((value, region), out var parsed))
        {
            parsed.E164 = PhoneNumbersE164.TryNormalize(value, region, out parsed.Error);
            _phones.Add((value, region), parsed);
        }

        var (e164, reason) = parsed;
        if (e164 is null)
        {
            errors.Add(new ImportError(line, ReceivablesCsv.ContactPhone, $"'{Shorten(value)}' {reason}."));
        }

        return e164;
    }

    private static DateOnly? ParseDate(int line, string column, string value, List<ImportError> errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new ImportError(line, column, $"'{Shorten(value)}' is not a date in the form yyyy-MM-dd."));
        return null;
    }

    private static decimal? ParseAmount(int line, string column, string value, List<ImportError> errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (!decimal.TryParse(value, AmountStyle, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Add(new ImportError(line, column, $"'{Shorten(value)}' is not a number: write digits with a dot for decimals, e.g. 1250.00."));
            return null;
        }

        if (amount < 0m)
        {
            errors.Add(new ImportError(line, column, $"The {column} {value} is negative."));
            return null;
        }

        if (amount >= MaxAmount)
        {
            errors.Add(new ImportError(line, column, $"The {column} {Shorten(value)} is too large (at most 18 digits before the decimal point)."));
            return null;
        }

        return amount;
    }

    private static void CheckPrecision(int line, string column, decimal value, Currency currency, List<ImportError> errors)
    {
        if (!currency.IsRepresentable(value))
        {
            errors.Add(new ImportError(line, column, $"The {column} {value.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency.Code} allows ({currency.MinorDigits})."));
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 37), "...");

    /// <summary>Checks that need several rows: duplicate invoices, one name per debtor reference, one identity per contact.</summary>
    private sealed class CrossRowChecks(List<ImportError> errors)
    {
        private readonly Dictionary<(string Creditor, string Invoice), int> _invoices = [];
        private readonly Dictionary<(string Creditor, string Reference), (string Debtor, int Line)> _debtors = [];
        private readonly Dictionary<(string Creditor, string Reference, string Address), (ReceivableRow Row, int Line)> _contacts = [];

        public void Check(ReceivableRow row)
        {
            var creditor = row.Creditor.ToUpperInvariant();
            if (_invoices.TryGetValue((creditor, row.InvoiceNumber), out var first))
            {
                errors.Add(new ImportError(row.Line, ReceivablesCsv.InvoiceNumber, $"Invoice {row.InvoiceNumber} of {row.Creditor} appears twice in the file (first on line {first})."));
            }
            else
            {
                _invoices.Add((creditor, row.InvoiceNumber), row.Line);
            }

            var debtorKey = (creditor, row.DebtorReference.ToUpperInvariant());
            if (_debtors.TryGetValue(debtorKey, out var debtor))
            {
                if (!string.Equals(debtor.Debtor, row.Debtor, StringComparison.Ordinal))
                {
                    errors.Add(new ImportError(row.Line, ReceivablesCsv.Debtor, $"Debtor reference {row.DebtorReference} is '{debtor.Debtor}' on line {debtor.Line} but '{row.Debtor}' here."));
                }
            }
            else
            {
                _debtors.Add(debtorKey, (row.Debtor, row.Line));
            }

            foreach (var address in new[] { row.ContactEmail?.ToLowerInvariant(), row.ContactPhone }.OfType<string>())
            {
                var key = (creditor, debtorKey.Item2, address);
                if (!_contacts.TryGetValue(key, out var seen))
                {
                    _contacts.Add(key, (row, row.Line));
                }
                else if (!SameContact(seen.Row, row))
                {
                    errors.Add(new ImportError(row.Line, ReceivablesCsv.ContactName, $"The contact with {address} has other details on line {seen.Line}: give the same name, phone, email and time zone on every row."));
                    break;
                }
            }
        }

        private static bool SameContact(ReceivableRow a, ReceivableRow b) =>
            a.ContactName == b.ContactName && a.ContactPhone == b.ContactPhone &&
            string.Equals(a.ContactEmail, b.ContactEmail, StringComparison.OrdinalIgnoreCase) && a.ContactTimeZone == b.ContactTimeZone;
    }
}
