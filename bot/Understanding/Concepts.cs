using System.Collections.Frozen;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Word classes the classifier sees besides the words themselves: "barrister" and "attorney" are both LEGAL, "skint"
/// and "struggling" both SHORT_OF_MONEY. A model that learned from "talk to my attorney" then also weighs "talk to my
/// barrister", and a rare synonym or spelling does not leave it guessing. General vocabulary, not phrases.
/// </summary>
internal static class Concepts
{
    private static readonly (string Concept, string Words)[] Classes =
    [
        ("STOP", "unsubscribing stop stopp stopping cease ceasing quit halt unsubscribe unsub unsubscribed optout opt-out desist refrain block remove delete erase"),
        ("CHANNEL", "text texts texting texted txt txts sms message messages messaging msg msgs email emails emailing emailed e-mail mail call calls calling ring ringing phone phoning contact contacting whatsapp ping pinging dm voicemail voicemails robocall robocalls letters reminders notifications spam spamming chasing hounding harassing pestering bothering"),
        ("NEGATION", "not no never don't dont didn't didnt doesn't doesnt won't wont isn't isnt aren't arent wasn't wasnt haven't havent hasn't hasnt nothing nobody none neither nor without"),
        ("UNABLE", "can't cant cannot unable couldn't couldnt impossible"),
        ("LEGAL", "lawyer lawyers lawer attorney attorneys attorny atty solicitor solicitors counsel barrister barristers advocate advokat paralegal legal esq lawyered litigation"),
        ("INSOLVENCY", "bankrupt bankruptcy bankrupcy bankrupted insolvent insolvency insolvensy liquidation liquidator liquidators liquidated administration administrator administrators receivership receiver receivers chapter trustee wound winding cva iva examinership concurso ccaa petition creditors sequestration bust"),
        ("SHORT_OF_MONEY", "squeezed pinched hurting rough grim dire desperate precarious underwater stuck insufficient constrained broke skint struggling struggle struggles tight hardship difficulty difficulties difficult tough crisis distress liquidity cashflow poor afford strapped stretched"),
        ("MONEY", "money cash funds funding income revenue capital savings budget finances takings turnover wages payroll rent"),
        ("WRONG", "incorrectly overbilling overbilled miscalculated discrepancy mismatch overpriced exorbitant wrong incorrect error errors mistake mistaken bogus inaccurate inflated overcharged overcharge overbilled duplicate twice double fake invalid erroneous"),
        ("DAMAGED", "torn scratched wet mouldy moldy stale burnt bent shattered expired damaged broken faulty defective smashed spoiled missing short leaking cracked unusable dented crushed rotten"),
        ("CONTEST", "disagree disagreeing protest appeal dispute disputes disputing disputed contest contesting object objection query queried reject rejected refuse refused complaint claim chargeback"),
        ("PAID", "paid settled cleared sent wired transferred remitted mailed posted cashed debited processed"),
        ("PAY", "pay paying payment payments wire transfer remit send settle"),
        ("PLAN", "installment installments instalment instalments monthly weekly biweekly fortnightly plan arrangement split spread chunks parts bits schedule gradually"),
        ("OFFER", "settlement discount reduced lump offer accept half percent lower less"),
        ("FUTURE", "will 'll going gonna tomorrow tmrw tonight next soon upcoming"),
        ("DAY", "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri weekend"),
        ("PERSON", "humans staffer advisor adviser associate clerk employee person human people someone somebody agent manager supervisor representative rep operator staff boss collector colleague officer real actual live"),
        ("BOT", "bot bots robot robots chatbot automated automatic machine ai computer algorithm"),
        ("TALK", "talk speak chat discuss conversation"),
        ("GONE", "left retired resigned quit former previous moved gone deceased passed"),
        ("ORGANIZATION", "company business firm office branch entity department location store franchise franchisee site subsidiary"),
        ("DOCUMENT", "invoice invoices bill bills statement balance amount charge charges fee fees total figure figures"),
        ("GREETING", "hi hello hey hiya howdy greetings morning afternoon evening yo ahoy aloha hola bonjour hallo"),
        ("THANKS", "thanks thank thx ty cheers appreciated appreciate grateful merci gracias danke grazie obrigado regards"),
        ("FAREWELL", "bye goodbye farewell cya laters ciao adios cheerio toodles"),
        ("YES", "yes yeah yep yup ya yah sure ok okay correct right confirmed confirm agreed agree absolutely definitely certainly indeed aye exactly"),
        ("NO", "no nope nah naw negative nay incorrect false"),
        ("INSULT", "idiot idiots moron morons scum crooks crook thieves thief vultures parasites leeches clowns muppets losers bastards assholes fuck fucking fck shit crap pathetic useless incompetent scammers scam liars cowboys vermin numpties stupid dumb jerks"),
        ("LATER", "later busy meeting driving away holiday vacation leave revert until till"),
        ("ILLNESS", "sickness chemotherapy treatment operation ill sick illness hospital hospitalized hospitalised surgery cancer chemo stroke accident injured injury disability died death funeral"),
        ("DISASTER", "burglary vandalism break-in fire flood storm robbed burglary theft stolen pandemic covid drought earthquake hurricane"),
        ("DELIVERY", "delivered delivery deliveries shipment shipments shipped arrived received goods parcel package pallet pallets consignment order ordered"),
        ("JOB", "job jobs work unemployed redundant laid layoff layoffs fired hours employer"),
    ];

    private static readonly FrozenDictionary<string, string> ConceptOf = Build();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = ConceptOf.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The word's class, or null.</summary>
    public static string? Of(ReadOnlySpan<char> word) => Lookup.TryGetValue(word, out var concept) ? concept : null;

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, words) in Classes)
        {
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(word, concept);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
