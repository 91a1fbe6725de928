using CollectionsBot.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CollectionsBot.Core.Receivables;

/// <summary>Registers the receivables importer and its validated options.</summary>
public static class ReceivablesServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ReceivablesImporter"/> with the <c>Import</c> section, checked at start.</summary>
    public static IServiceCollection AddReceivablesImport(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.Section)
            .Validate(o => PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultPhoneRegion), "Import:DefaultPhoneRegion must be an ISO 3166 region code libphonenumber knows, e.g. US or GB.")
            .Validate(o => TimeZones.TryFind(o.DefaultCreditorTimeZone, out _), "Import:DefaultCreditorTimeZone must be an IANA time zone, e.g. America/New_York.")
            .Validate(o => o.MaxReportedErrors is >= 1 and <= 100_000, "Import:MaxReportedErrors must be between 1 and 100000.")
            .ValidateOnStart();
        services.AddSingleton<ImportGate>();
        services.AddScoped<ReceivablesImporter>();
        return services;
    }
}
