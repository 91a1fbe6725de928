namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// More cues for the critical intents, each a general way of saying the intent (a stop request on any channel, an
/// insolvency procedure by any country's name, a wrong figure on any document, a cut credit line), and vetoes for
/// their look-alikes (an administration fee, "no need for lawyers", "can't pay online").
/// </summary>
internal static partial class IntentRules
{
    private const string Channel = @"(?:text|texting|texts|txt|txts|sms|message|messages|messaging|msg|msgs|email|emails|emailing|e-mail|mail|call|calls|calling|ring|ringing|phone|phoning|contact|contacting|whatsapp|ping|pinging|dm|voicemails?|write|writing|reach out|robocalls?|letters)";

    private static Cue[] CriticalCues() =>
    [
        // opt_out: a stop request on any channel, in any register.
        Cue(Intents.OptOut, @"^\W*(?:stpo|sotp|stp|stopp+|stoop|s t o p)\W*$|\b(?:dnc|rmv me|unsubscribe|unsub|unsubcribe|unsubscibe)\b", 0.95),
        Cue(Intents.OptOut, @"\bno (?:further|more) (?:correspondence|contact|communications?|messages|msgs?|texts|txts|emails|e-mails|calls|voicemails|letters|reminders|pings|sms|whatsapps?)\b", 0.95),
        Cue(Intents.OptOut, @"\b(?:forget|lose|delete|erase) (?:this|my|our) (?:number|email|e-mail|address|details|contact details)\b", 0.9),
        Cue(Intents.OptOut, @"\btake (?:me|us|this number|my number|my email|this email|this address|our (?:number|email|address|company|details)) off\b", 0.95),
        Cue(Intents.OptOut, @"\bnot (?:permitted|allowed|authori[sz]ed) to " + Channel + @"\b", 0.9),
        Cue(Intents.OptOut, @"\b(?:no longer|don'?t|do not|never) (?:wish|want) to (?:receive|get|be (?:contacted|called|texted|emailed|messaged|chased)|hear from)", 0.95),
        Cue(Intents.OptOut, @"\b(?:never|don'?t (?:ever|you dare)|do not ever|don'?t)\s+" + Channel + @"\s+(?:me|us|this (?:number|phone|address|email))\b[^.?!]{0,25}\b(?:again|anymore|any more|ever)\b", 0.95),
        Cue(Intents.OptOut, @"\b(?:refrain from|desist from|cease and desist|cease (?:all )?" + Channel + @")", 0.9),
        Cue(Intents.OptOut, @"\b(?:withdraw|withdrawing|revoke|revoking)\b[^.]{0,30}\b(?:consent|permission)\b|\b(?:consent|permission) (?:is )?(?:withdrawn|revoked)\b|\bdo not consent\b|\bnever (?:gave|given) (?:my |you )?(?:consent|permission)", 0.95),
        Cue(Intents.OptOut, @"\b(?:make|want|need) (?:the|these|your|all|this) (?:texts|messages|calls|emails|reminders|contact|harassment) (?:to )?stop\b|\bwant (?:all )?(?:contact|it|them|this|these calls|these texts) to stop\b", 0.9),
        Cue(Intents.OptOut, @"\bleave (?:me|us|my family|my wife|my husband|my staff|our staff) alone\b|\b(?:stop|quit) (?:pestering|hounding|chasing|bugging|harassing|spamming|bothering)\b", 0.9),

        Cue(Intents.OptOut, @"\b(?:don'?t|do not|stop) us(?:e|ing) (?:this|my|our) (?:email|e-mail|number|phone|address|mobile|cell|inbox)\b|\bstop (?:adding|including|copying|cc'?ing) (?:me|us)\b|\btake (?:me|us) off (?:this|the|these) (?:thread|chain|email|list)", 0.9),
        Cue(Intents.OptOut, @"\bno (?:me |nos )?(?:manden|env[ií]en|escriban|llamen|contacten)\b|\bno m[aá]s (?:mensajes|llamadas|correos)\b|\barr[eê]tez\b|\bne (?:me |m'|nous )?(?:envoyez|contactez|appelez) plus\b|\bkeine (?:nachrichten|anrufe|sms|e-mails)\b|\bnicht mehr (?:kontaktieren|anrufen|schreiben)\b", 0.9),

        // insolvency: procedures by their names in several jurisdictions and languages.
        Cue(Intents.Insolvency, @"\b(?:chp|chap|ch|chapter)\.?\s?(?:7|11|13)\b|\b(?:(?:an|my|our|the) iva|iva (?:supervisor|practitioner)|individual voluntary arrangement|concurso|insolvenz\w*|redressement judiciaire|liquidation judiciaire|faillite|fallimento|quiebra|examinership|sequestration|ccaa)\b", 0.9),
        Cue(Intents.Insolvency, @"\b(?:debtor in possession|proof of (?:claim|debt)|bankrupt(?:cy)? (?:court|trustee|case|petition|protection|schedules?|filing|proceedings|notice|lawyer|attorney)|(?:the|a|our) (?:bankruptcy )?trustee\b|discharged (?:in|through) (?:my |our )?bankruptcy|pre-?petition)\b", 0.85),

        // legal_representation: counsel by other names.
        Cue(Intents.LegalRepresentation, @"\b(?:our|my|the company'?s) (?:gc|general counsel|in-?house counsel|outside counsel|external counsel|legal advis[eo]rs?|barrister|advocate|paralegal|legal rep)\b|\blegal (?:has|is handling|have|are handling|owns)\b", 0.9),

        // dispute: a wrong figure, a wrong document, goods or work not as agreed.
        Cue(Intents.Dispute, @"\b(?:amount|amt|figure|figures|total|balance|bill|invoice|charges?|price|rate|sum|calculation|numbers|statement|quantity|qty|hours)\s+(?:is |are |was |were |looks? |seems? |appears? )?(?:wrong|incorrect|inaccurate|way off|off by|not (?:right|correct|accurate)|too high|inflated|bogus|a mistake|an error|in error)\b", 0.85),
        Cue(Intents.Dispute, @"\b(?:amount|figure|figures|total|balance|bill|invoice|charges?|price|numbers|statement)\s+(?:isn'?t|aren'?t|doesn'?t look|don'?t look|does not look|is not|are not) (?:right|correct|accurate)\b|\b(?:numbers|figures|amounts?|total|bill|invoice|charges|this) (?:don'?t|doesn'?t|do not|does not) add up\b|\b(?:figure|amount|total|bill|invoice|charge) makes no sense\b", 0.85),
        Cue(Intents.Dispute, @"\b(?:wrong|incorrect|bogus|inflated|fake|fraudulent|erroneous|mistaken) (?:amt|amount|bill|billing|invoice|charges?|figure|total|price|fee|fees|balance|statement|calculation|hours|quantity|qty|vat|tax|rate)\b|\b(?:errors?|mistakes?) (?:in|on|with) (?:the|this|your|our|my) (?:invoice|bill|statement|calculation|account|charges?|billing)\b", 0.85),
        Cue(Intents.Dispute, @"\bnot (?:my|our) (?:debt|bill|invoice|order|charge|purchase)\b|\b(?:isn'?t|is not|aren'?t|are not) (?:my|our) (?:debt|bill|invoice|order|charges?)\b|\bno record of (?:this|that|the|any|ordering|buying|purchasing|receiving|an?)\b|\bnever (?:bought|purchased|signed up|subscribed)\b", 0.85),
        Cue(Intents.Dispute, @"\b(?:came|arrived|was|were|got|turned up|showed up) (?:all |completely |totally |badly )?(?:broken|(?<=(?:came|arrived) )broke|smashed|cracked|spoiled|rotten|unusable|dead on arrival|leaking|faulty|defective)\b|\bstopped working\b|\b(?:broken|smashed|damaged) (?:on arrival|in transit|when (?:it|they) arrived)\b", 0.85),
        Cue(Intents.Dispute, @"\b(?:object to|objecting to|contesting|under query|queried|querying|chargeback|charge back|reverse (?:the|this) charge|raise a (?:dispute|claim|complaint))\b", 0.85),
        Cue(Intents.Dispute, @"\b(?:withhold|withholding|deduct|deducting|short[- ]?paid|short[- ]?paying)\b[^.]{0,30}\b(?:until|because|for the|damaged|broken|missing|faulty)\b", 0.8),
        Cue(Intents.Dispute, @"\b(?:discount|credit|refund|deposit|prepayment|rebate)\b[^.]{0,15}\b(?:is |was )?(?:missing|not (?:applied|deducted|shown|reflected|included|there))\b|\b(?:didn'?t|did not|haven'?t|have not|hasn'?t|has not|never) (?:take|taken|deduct|deducted|apply|applied|credit|credited|include|included|count|counted) (?:off )?(?:the|our|my) (?:deposit|credit|refund|discount|return|returns|prepayment|payment)", 0.8),
        Cue(Intents.Dispute, @"\b(?:unhappy|not happy|dissatisfied|not satisfied)\b[^.]{0,40}\b(?:work|service|job|quality|product|goods|delivery|installation)\b|\b(?:poor|bad|terrible|awful|shoddy|substandard) (?:quality|work|workmanship|service|job)\b|\b(?:agreed|promised|said|told us)\b[^.]{0,30}\b(?:write (?:it |this )?off|waive|waived|free of charge|no charge)\b", 0.75),

        // hardship: the money is not there, by any cause.
        Cue(Intents.Hardship, @"\b(?:no|zero|lack of|lack|little|very little|not enough|insufficient|negative|without) (?:liquidity|revenue|income|cash|cashflow|cash flow|working capital|takings|turnover|earnings)\b|\b(?:liquidity|working capital|cash ?flow) (?:is |are )?(?:very |extremely |severely )?(?:limited|constrained|tight|short|a problem|terrible|bad)\b", 0.8),
        Cue(Intents.Hardship, @"\b(?:funding|loan|loans|credit line|line of credit|overdraft|financing|grant|grants|investment|investors?)\b[^.]{0,20}\b(?:cut|pulled|cancell?ed|withdrawn|refused|frozen|declined|fell through|dried up|delayed)\b|\b(?:maxed out|overdrawn)\b", 0.8),
        Cue(Intents.Hardship, @"\b(?:keep(?:ing)?|stay(?:ing)?) (?:the )?(?:doors open|lights on|afloat|above water|in business)\b|\bheads? above water\b|\bon (?:its|our|my) knees\b|\bby a thread\b|\bmake ends meet\b|\bbarely (?:surviving|afloat|managing|making it|getting by)\b", 0.85),
        Cue(Intents.Hardship, @"\b(?:sink|ruin|cripple|bankrupt|finish) (?:us|me|the business|the company)\b|\bput (?:us|me) out of business\b|\b(?:go|going) (?:out of business|under)\b", 0.8),
        Cue(Intents.Hardship, @"\b(?:drowning|buried|swamped) in (?:debt|bills)\b|\bfinancial(?:ly)? (?:distress|crisis|difficulties|difficulty|trouble|problems?|strain|hardship|mess)\b|\bin (?:serious|real|deep|big) (?:financial )?trouble\b|\b(?:money|cash) (?:problems?|issues?|troubles?)\b", 0.85),
        Cue(Intents.Hardship, @"\b(?:dried up|wiped (?:us |me )?out|lost everything|lost all our)\b|\b(?:leniency|compassion|mercy|breathing (?:room|space)|grace period)\b|\bback on (?:our|my) feet\b|\b(?:while|until) (?:we|i) recover\b", 0.75),
        Cue(Intents.Hardship, @"\b(?:lost|losing|lose) (?:my|our) (?:job|jobs|income|house|home|business|shop|contract|contracts|biggest (?:client|customer|contract)|main (?:client|customer|contract)|funding)\b|\b(?:unemployed|jobless|made redundant|furloughed|on benefits|on welfare|on disability)\b", 0.85),
        Cue(Intents.Hardship, @"\b(?:can'?t|cannot|unable to|couldn'?t) (?:make|meet|cover|pay) (?:payroll|the rent|rent|wages|our bills|my bills|the bills|ends meet|my staff|our staff)\b|\b(?:miss|missing|make|making|meet|meeting) payroll\b", 0.85),
        Cue(Intents.Hardship, @"\bno (?:revenue|income|sales|takings|turnover|earnings|work|orders) (?:coming in|since|at (?:the moment|all)|right now|for months|this (?:month|year|season))|\b(?:revenue|income|sales|takings|turnover|orders|work) (?:has |have |is |are )?(?:dropped|fallen|fell|collapsed|plummeted|dried up|halved|gone)\b", 0.8),

        // request_human
        Cue(Intents.RequestHuman, @"\bwho (?:can|should|do) (?:i|we) (?:ring|call|phone|talk to|speak (?:to|with)|contact)\b|\b(?:is|are) (?:anyone|anybody|a person|a human|a real person|someone) (?:actually )?(?:reading|there|real)\b|\bwill a (?:person|human) (?:read|see)\b|\b(?:zoom|teams|video|phone) call with (?:someone|your|a|the)\b|\bmeet (?:someone |somebody )?in person\b", 0.8),
    ];

    private static Cue[] CriticalVetoes() =>
    [
        // "my lawyer will deal with this, don't contact me directly" redirects contact to the lawyer; it does not end it.
        Veto(Intents.OptOut, @"^(?=.*\b(?:lawyers?|attorneys?|solicitors?|counsel|legal)\b).*\b(?:don'?t|dont|do not|not)\s+(?:contact|call|text|email|message|write to|speak to|talk to)\s+(?:me|us)\s+direct(?:ly)?\b", 1.0),
        Veto(Intents.OptOut, @"\bno need to stop\b|\bdon'?t (?:need to |have to )?stop (?:the|sending|texting|the reminders)\b|\bstop (?:working|trading|production|shipping|deliveries|the delivery|the order)\b|\bunsubscribe (?:my|our|him|her|them)\b|\bunsubscribed from (?:your|the|our) (?:plan|service|subscription|software|product|package|saas)\b|\bremove (?:him|her|them|the (?:cc|old|previous)|my colleague)\b", 1.0),
        Veto(Intents.SettlementOffer, @"\bsettle (?:up )?(?:the |this |it )?(?:whole|full|entire|total|balance|everything|in full|all)\b", 1.0),
        Veto(Intents.OptOut, @"\b(?:don'?t|do not|not|no need to)\s+" + Channel + @"\b[^.?!]{0,25}\b(?:before|after|until|till|between|during) (?:\d|noon|lunch|midday|work|hours|the|my|office|business|[a-z]+day)|\bstop (?:charging|adding|billing|invoicing)\b", 1.0),
        Veto(Intents.Insolvency, @"\b(?:hospital|office|business|contract|account|system|database|public|school|university|health|sales|site|project) administration\b|\badministration (?:fee|fees|charge|charges|cost|costs|team|building|department|dept|office|staff|work)\b|\bliquidation sale\b|\bbankrupt (?:everyone|people|us all|the lot)\b", 1.0),
        Veto(Intents.LegalRepresentation, @"\b(?:no need|not necessary|isn'?t necessary|unnecessary|no reason|don'?t want)\b[^.]{0,30}\b(?:lawyers?|attorneys?|solicitors?|legal)\b|\b(?:lawyers?|legal) (?:stuff|letters?|threats?|action) (?:isn'?t|is not|aren'?t|are not) (?:necessary|needed)\b|\byour (?:lawyers?|attorneys?|solicitors?|legal (?:team|department|dept))\b|\b(?:do i|do we|should i|should we) need (?:a |to get a )?(?:lawyer|attorney|solicitor)\b", 1.0),
        Veto(Intents.LegalRepresentation, @"\b(?:lawyer|attorney|solicitor|legal)\b[^.]{0,40}\b(?:reviewed it|it'?s fine|is fine|paid (?:it|this|that|you)|paid from)\b", 1.0),
        Veto(Intents.Dispute, @"\b(?:doesn'?t|does not|don'?t|do not|no longer|not) work(?:s|ing)? (?:here|there|at|for|with|in)\b|\b(?:i'?m|i am|we'?re|we are|i'?ve been|i have been|he'?s|she'?s|they'?re|been|and) (?:not|no longer) working\b|\b(?:but|and) (?:that'?s|it'?s|its) (?:fine|ok|okay|no problem|not a problem)\b|\bno (?:complaints|problems|issues) (?:with|about|here|at all)\b|\bnot (?:contesting|querying|challenging)\b|\bno dispute\b", 1.0),
        Veto(Intents.Hardship, @"\bcan'?t (?:seem to )?pay (?:online|by (?:card|cheque|check|credit|debit|bank|ach|wire|phone)|with (?:a |my |our )?(?:card|amex|visa|paypal|mastercard)|through|via|on (?:the|your) (?:site|website|portal|app)|using|the link|at the (?:counter|bank|branch|post office|office|desk|shop|store))\b|\b(?:portal|link|website|site|app|card|payment page)\b[^.]{0,20}\b(?:isn'?t|is not|won'?t|doesn'?t|keeps?) (?:work|working|load|loading|crashing|accept|accepting)\b|\bcan'?t (?:pay|process|release)\b[^.]{0,20}\buntil (?:i|we|you) (?:know|see|get|receive|have)\b", 1.0),
        Veto(Intents.PromiseToPay, @"\b(?:no idea|don'?t know|do not know|not sure|unsure|can'?t say|cannot say) (?:when|if|how|whether)\b", 1.0),
        Veto(Intents.RequestHuman, @"^(?!.*\b(?:person|human|manager|supervisor|agent|rep|representative|senior|real|boss|actual|bot|robot|someone who)\b).*\b(?:call|ring|phone|contact|reach|talk|speak)\b[^.?!]{0,30}\b(?:tomorrow|tonight|later|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|morning|afternoon|evening|arvo|next week|this week|\d{1,2}(?::\d\d)?\s?(?:am|pm)|after \d|before \d|at \d)", 1.0),
    ];
}
