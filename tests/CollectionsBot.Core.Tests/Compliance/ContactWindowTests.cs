using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Tests.Compliance;

public sealed class ContactWindowTests
{
    [Fact]
    public void NextOpening_BeforeTheWindow_IsTheSameDaysStart()
    {
        // 06:30 Wednesday in Tokyo.
        var at = new DateTimeOffset(2026, 11, 24, 21, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), ContactWindow.NextOpening(new ComplianceProfile(), "Asia/Tokyo", at));
    }

    [Fact]
    public void NextOpening_AcrossTheSpringForwardGap_UsesTheLocalStart()
    {
        // Saturday 2027-03-13 22:00 in New York; clocks go forward on Sunday; Monday 08:00 EDT is 12:00 UTC.
        var at = new DateTimeOffset(2027, 3, 14, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 12, 0, 0, TimeSpan.Zero), ContactWindow.NextOpening(new ComplianceProfile(), "America/New_York", at));
    }

    [Fact]
    public void IsOpen_UsesTheContactsOwnZone()
    {
        var at = new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);
        Assert.True(ContactWindow.IsOpen(new ComplianceProfile(), "Europe/London", at));
        Assert.False(ContactWindow.IsOpen(new ComplianceProfile(), "America/Los_Angeles", at));
    }

    [Fact]
    public void NextOpening_WithWeekendsAllowed_OpensSaturday()
    {
        var profile = new ComplianceProfile { ContactDays = ContactDays.Weekdays | ContactDays.Saturday };
        var fridayLate = new DateTimeOffset(2026, 11, 28, 3, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero), ContactWindow.NextOpening(profile, "America/Chicago", fridayLate));
    }
}
