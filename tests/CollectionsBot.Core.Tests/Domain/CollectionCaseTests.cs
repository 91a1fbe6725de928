using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Domain;

public sealed class CollectionCaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reconcile_LastInvoicePaid_ResolvesCase()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var invoice = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        var payment = new Payment(collectionCase, Money.Of(300m, "USD"), PaymentMethod.Card, "stripe", null, Now);
        payment.Allocate([invoice]);

        var changed = collectionCase.Reconcile([invoice], Now);

        Assert.True(changed);
        Assert.Equal(CaseStage.Resolved, collectionCase.Stage);
    }

    [Fact]
    public void RecordContact_RepliesWithinAMinuteLeaveTheCase_ALaterOneMovesIt_AnEarlierOneNever()
    {
        var collectionCase = DomainFixtures.NewCase(Now);

        collectionCase.RecordContact(Now);
        collectionCase.RecordContact(Now.AddSeconds(20));
        collectionCase.RecordContact(Now.AddSeconds(59));
        Assert.Equal(Now, collectionCase.LastContactAt);

        collectionCase.RecordContact(Now.AddMinutes(1));
        Assert.Equal(Now.AddMinutes(1), collectionCase.LastContactAt);

        collectionCase.RecordContact(Now.AddMinutes(-5));
        Assert.Equal(Now.AddMinutes(1), collectionCase.LastContactAt);
    }

    [Fact]
    public void Reconcile_RefundAfterResolution_ReopensForFollowUp()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var invoice = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        collectionCase.RecordContact(Now);
        var payment = new Payment(collectionCase, Money.Of(300m, "USD"), PaymentMethod.Card, "stripe", null, Now);
        payment.Allocate([invoice]);
        collectionCase.Reconcile([invoice], Now);

        payment.Reverse([invoice], PaymentStatus.ChargedBack);
        collectionCase.Reconcile([invoice], Now.AddDays(1));

        Assert.Equal(CaseStage.FollowingUp, collectionCase.Stage);
    }

    [Fact]
    public void Reconcile_OnlyDisputedBalanceLeft_StaysOpen()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var invoice = new Invoice(collectionCase, "INV-1", new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31), Money.Of(300m, "USD"), Money.Of(300m, "USD"), Now);
        _ = new Dispute(collectionCase.Id, [invoice], DisputeReason.NotDelivered, "never arrived", Now);

        Assert.False(collectionCase.Reconcile([invoice], Now));
        Assert.Equal(CaseStage.New, collectionCase.Stage);
    }

    [Fact]
    public void MoveTo_SkippingTheProcess_Throws()
    {
        var collectionCase = DomainFixtures.NewCase(Now);

        var error = Assert.Throws<InvalidOperationException>(() => collectionCase.MoveTo(CaseStage.DemandIssued, Now));
        Assert.Contains("New to DemandIssued", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoveTo_AlongTheProcess_RecordsWhen()
    {
        var collectionCase = DomainFixtures.NewCase(Now);

        collectionCase.MoveTo(CaseStage.Reminding, Now.AddDays(1));
        collectionCase.MoveTo(CaseStage.FollowingUp, Now.AddDays(8));
        collectionCase.MoveTo(CaseStage.DemandIssued, Now.AddDays(30));

        Assert.Equal(CaseStage.DemandIssued, collectionCase.Stage);
        Assert.Equal(Now.AddDays(30), collectionCase.StageChangedAt);
    }

    [Fact]
    public void RecordInsolvency_StopsAutomatedCollectionAndEscalates()
    {
        var collectionCase = DomainFixtures.NewCase(Now);

        collectionCase.RecordInsolvency(Now);

        Assert.False(collectionCase.AllowsAutomatedCollection);
        Assert.Equal(CaseStage.Escalated, collectionCase.Stage);
    }

    [Fact]
    public void RecordCounsel_ContactWithoutCounselRole_Throws()
    {
        var collectionCase = DomainFixtures.NewCase(Now);
        var debtor = new DebtorCompany(collectionCase.CreditorId, "Acme", "A-1", Now);
        var ap = debtor.AddContact("Dana", "+13125550142", null, "America/Chicago", Now);

        Assert.Throws<ArgumentException>(() => collectionCase.RecordCounsel(ap, Now));

        ap.Role = ContactRole.Counsel;
        collectionCase.RecordCounsel(ap, Now);
        Assert.False(collectionCase.AllowsAutomatedCollection);
    }

    [Fact]
    public void AllowedTransitions_EveryStage_HasARule()
    {
        foreach (var stage in Enum.GetValues<CaseStage>())
        {
            Assert.NotEmpty(CollectionCase.AllowedTransitions(stage));
        }
    }
}
