using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Tests.Conversations;

/// <summary>The engine's settings are checked when the host starts, not at the first turn.</summary>
public sealed class ConversationOptionsTests
{
    [Theory]
    [InlineData("--Conversations:MaxTurnsAtOnce=0", "Conversations:MaxTurnsAtOnce must be at least 1")]
    [InlineData("--Conversations:PartiesKept=-1", "Conversations:PartiesKept must be 0 (off) or more")]
    public async Task Start_BadConversationsSection_RefusedWithTheSettingsName(string setting, string failure)
    {
        await using var app = CollectionsHost.Build(["--urls=http://127.0.0.1:0", "--environment=Testing", setting]);

        var ex = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains(failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NotANumber_RefusedAtStart()
    {
        await using var app = CollectionsHost.Build(["--urls=http://127.0.0.1:0", "--environment=Testing", "--Conversations:MaxTurnsAtOnce=many"]);

        var ex = Assert.ThrowsAny<InvalidOperationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxTurnsAtOnce", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredSlots_AreTheEnginesSlots()
    {
        await using var app = CollectionsHost.Build(["--urls=http://127.0.0.1:0", "--environment=Testing", "--Conversations:MaxTurnsAtOnce=5"]);

        app.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(5, app.Services.GetRequiredService<TurnSlots>().Capacity);
    }
}
