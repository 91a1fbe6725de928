using CollectionsBot.Bot.Dialogs.Contacts;
using CollectionsBot.Bot.Dialogs.Details;
using CollectionsBot.Bot.Dialogs.Disputes;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Bot.Dialogs.Handoffs;
using CollectionsBot.Bot.Dialogs.Negotiation;
using CollectionsBot.Bot.Dialogs.Payments;
using CollectionsBot.Bot.Dialogs.Verification;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Wording;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Dialogs;

/// <summary>Registers the conversation engine, its dialogs and the message templates.</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>Adds the engine. Templates load from prompts/ beside the host's binary.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddSingleton(_ => PromptLibrary.Load(Path.Combine(AppContext.BaseDirectory, "prompts"), MessageKeys.All));
        services.AddSingleton<KeyedLocks>();

        // Checked when the host starts, so a bad value stops it with the setting's name instead of failing the first turn.
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section)
            .Validate(o => o.MaxTurnsAtOnce >= 1, "Conversations:MaxTurnsAtOnce must be at least 1.")
            .Validate(o => o.PartiesKept >= 0, "Conversations:PartiesKept must be 0 (off) or more.")
            .ValidateOnStart();

        // Turns at once in this process; the others wait for a slot.
        services.AddSingleton(sp => new TurnSlots(sp.GetRequiredService<IOptions<ConversationOptions>>().Value.MaxTurnsAtOnce));

        // Cases' parties kept between turns (0 turns it off).
        services.AddSingleton(sp => new PartiesCache(sp.GetRequiredService<IOptions<ConversationOptions>>().Value.PartiesKept));
        services.AddSingleton<Dialog, VerificationDialog>();
        services.AddSingleton<Dialog, PaymentPlanDialog>();
        services.AddSingleton<Dialog, SettlementDialog>();
        services.AddSingleton<Dialog, PromiseToPayDialog>();
        services.AddSingleton<Dialog, AlreadyPaidDialog>();
        services.AddSingleton<Dialog, DisputeDialog>();
        services.AddSingleton<Dialog, CounselDialog>();
        services.AddSingleton<Dialog, WrongContactDialog>();
        services.AddSingleton<Dialog, CallbackDialog>();
        services.AddSingleton<DialogSet>();
        services.AddSingleton<IImmediateHandler, OptOutHandler>();
        services.AddSingleton<IImmediateHandler, InsolvencyHandler>();
        services.AddSingleton<IImmediateHandler, HardshipHandler>();
        services.AddSingleton<IImmediateHandler, RequestHumanHandler>();
        services.AddSingleton<IImmediateHandler, AbusiveHandler>();
        services.AddSingleton<IImmediateHandler, PayFullHandler>();
        services.AddSingleton<IImmediateHandler, RequestDetailsHandler>();
        services.AddSingleton<Router>();
        services.AddSingleton<ConversationEngine>();
        services.TryAddSingleton<IConversationEvents, NoConversationEvents>();
        services.TryAddSingleton<ITypingIndicator, NoTypingIndicator>();
        services.TryAddSingleton<IPaymentLinks, SandboxPaymentLinks>();
        return services;
    }
}
