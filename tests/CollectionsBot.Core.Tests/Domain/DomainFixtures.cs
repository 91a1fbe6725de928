using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

internal static class DomainFixtures
{
    public static CollectionCase NewCase(DateTimeOffset at)
    {
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", at);
        var debtor = new DebtorCompany(creditor.Id, "Acme Manufacturing Inc.", "ACME-001", at);
        return new CollectionCase(debtor, at);
    }
}
