namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Lexicons of short replies (agreement, disagreement, greetings and farewells in many registers and languages) and of
/// insults. The classifier cannot know a rare word it never saw ("toodles", "numpties"); a word list can.
/// </summary>
internal static partial class IntentRules
{
    private static Cue[] ReplyCues() =>
    [
        Short(Intents.Affirm, @"^(?:(?:i|we) (?:accept|agree|confirm|do|can confirm)|by all means|without a doubt|please proceed|proceed|righto|right-o|very well|fair enough|will do|sure thing|you got it|spot on|bingo|aye|yessir|roger(?: that)?|10-4|affirmative|(?:that|it|this)(?:'s| is) (?:accurate|correct|right|fine|true|the one|us|me|ours)|the (?:amount|figure|total|balance|invoice) is (?:correct|right|fine)|right you are|quite right|yes indeed|yep yep|uh-huh|mm-?hm+)\b(?!\s*(?:not|n'?t)\b)", 0.9),
        Short(Intents.Deny, @"^(?:nuh-?uh|uh-?uh|nope+|naw|nah+|nay|not so|not the case|inaccurate|(?:that'?s|that is|it'?s|it is) (?:inaccurate|untrue|not accurate|not the case|not so)|not accurate|untrue|hard no|afraid not|i'?m afraid not|sadly not|sadly no|unfortunately not|not exactly|no chance|no way|nopes|no sir|not at this time|no,? thanks?|no thank you)\b", 0.9),
        Short(Intents.Greeting, @"^(?:ahoy|aloha|shalom|salaam|salam|as-?salamu alaykum|namaste|hej|moin|servus|buongiorno|buon giorno|buenos d[ií]as|buenas(?: tardes)?|guten (?:tag|morgen)|ol[aá]|konnichiwa|top of the morning|well hello|hi all|hello all|morning all|hey all|salutations|hey there|hello there|hi there|hiya|heya|howdy|good day)\b", 0.9),
        Short(Intents.ThanksBye, @"^(?:(?:ok(?:ay)?|great|cool|perfect|noted|got it|brilliant|lovely|awesome|understood|received)[,.!]?\s+)?(?:so long|peace(?: out)?|toodles|toodle-?oo|cheerio|ta-?ra|tata|ta-ta|laters|adios|adieu|farewell|au revoir|auf wiedersehen|tsch[uü]ss|sayonara|see ya|see you|catch you|cya|bye|goodbye|noted with thanks|with thanks|kind regards|best regards|warm regards|regards|best wishes|obrigad[oa]|grazie|danke|merci|gracias|arigato|take it easy|until next time|have a good (?:one|day|night|weekend|evening))\b", 0.9),
        Short(Intents.Other, @"^(?:huh|hmm+|hm+|eh|meh|lol|lmao|haha+|hehe+|ok\?+|test|testing|asdf\w*|🤷\S*|🤔|😂|🙄|😐|\?+|\.+|!+)\W*$", 0.9),
        Cue(Intents.Abusive, @"\b(?:numpt(?:y|ies)|numbskulls?|nitwits?|halfwits?|plonkers?|muppets?|tossers?|wankers?|knobheads?|cowboys|con ?men|racket|racketeers?|vermin|scumbags?|bloodsuckers?|legali[sz]ed (?:theft|robbery|extortion)|daylight robbery|shameful|disgraceful|you disgust me|sick of you|hate you|nobody likes (?:you|debt collectors)|everyone hates you|cowboy outfit|bottom feeders?|lowlifes?|low-?life|pond scum|slimeballs?|sleazy|sleazebags?|weasels?|hyenas|predators?|loan sharks?|shysters?|charlatans?|frauds|fraudsters|criminals|gangsters|thugs)\b", 0.8),
    ];
}
