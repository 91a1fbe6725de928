using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>One cue for an intent: a pattern over the normalized text and how strongly it signals the intent.</summary>
internal sealed record Cue(string Intent, Regex Pattern, double Weight);

/// <summary>
/// The cues of the embedded recognizer, per intent. Patterns run on lower-cased text with straight apostrophes.
/// Weights combine as independent evidence (noisy-or); negative cues veto.
/// </summary>
internal static class IntentRules
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    public static readonly IReadOnlyList<Cue> Cues =
    [
        // opt_out: stop contact on this channel or at all. Not "stop paying", not "stop by".
        Cue(Intents.OptOut, @"^\s*(?:stop|stopall|unsubscribe|cancel|end|quit|revoke|optout|opt out|opt-out)\s*[.!]*\s*$", 0.99),
        Cue(Intents.OptOut, @"\b(?:stop|quit|cease|no more|don'?t|do not|never)\b[^.?!]{0,25}\b(?:text|texting|txt|sms|messag|email|e-mail|mail(?:ing)?|contact|call|calling|ringing|bother|harass|spam|writing|reaching out)", 0.95),
        Cue(Intents.OptOut, @"\b(?:unsubscribe|opt(?:ing)?[- ]?out|remove (?:me|my (?:number|email|address))|take me off|off your (?:list|system)|delete my (?:number|email)|leave (?:me|us) alone|lose (?:my|this) number)\b", 0.95),
        Cue(Intents.OptOut, @"\b(?:revoke|withdraw)\b[^.]{0,20}\bconsent\b", 0.95),

        // insolvency
        Cue(Intents.Insolvency, @"\b(?:bankrupt(?:cy)?|chapter\s*(?:7|11|13|seven|eleven)|ch\.?\s?(?:7|11)|insolven(?:t|cy)|administration|administrators?|receivership|receivers?|liquidat(?:ion|ed|or|ing)|wound up|winding[- ]up|wind(?:ing)? down the company|automatic stay|cva\b|company voluntary arrangement|filed for protection|creditor protection|ceased trading|gone into administration|gone under|going under|closing the business down|shutting down the company)\b", 0.95),

        // legal_representation
        Cue(Intents.LegalRepresentation, @"\b(?:my|our|the company'?s?|their)\s+(?:lawyer|attorney|attorneys|solicitor|solicitors|counsel|legal (?:team|counsel|department|dept|advisor|adviser|rep(?:resentative)?))\b", 0.9),
        Cue(Intents.LegalRepresentation, @"\b(?:speak|talk|contact|direct|refer|send|forward|go|deal)\b[^.]{0,30}\b(?:lawyer|attorney|solicitor|counsel|legal)\b", 0.9),
        Cue(Intents.LegalRepresentation, @"\b(?:represented by|retained (?:a |an )?(?:lawyer|attorney|counsel|solicitor)|lawyered up|(?:law firm|attorneys? at law|llp|esq\.?)\b)", 0.9),

        // dispute
        Cue(Intents.Dispute, @"\b(?:dispute|disputing|disputed|contest(?:ing)?|challenge the|not (?:liable|responsible) for|don'?t owe|do not owe|doesn'?t owe|we owe nothing|never ordered|didn'?t order|did not order|not ordered|never (?:received|arrived|got|delivered)|not (?:been )?(?:received|delivered)|wasn'?t delivered|was not delivered|didn'?t (?:receive|arrive|get)|did not (?:receive|arrive)|damaged|defective|faulty|broken|wrong (?:amount|price|quantity|items?|goods|rate|invoice)|overcharg|over-?billed|double[- ]?(?:billed|charged)|billed twice|charged twice|duplicate (?:invoice|charge|billing)|credit (?:note|memo)|short[- ]shipped|incorrect (?:amount|price|invoice|charges?)|not what we (?:agreed|ordered)|price (?:is )?wrong|agreed (?:price|rate) was|was cancel(?:l)?ed|we cancel(?:l)?ed|returned (?:the|it|them)|sent (?:it|them|the goods) back|quality (?:issue|problem)|not authori[sz]ed|unauthori[sz]ed|never signed|no contract|isn'?t ours|not ours|not our invoice|this is wrong|that'?s wrong|amount is wrong|invoice is wrong|incorrect)\b", 0.9),

        // already_paid
        Cue(Intents.AlreadyPaid, @"\b(?:already (?:paid|sent|settled|wired|transferred|made|cleared|processed|remitted)|(?:we|i|it was|was|been|have|has|had)\s+(?:paid|settled|wired|remitted)|paid (?:it|this|that|in full|on|last|yesterday|yday|already|off|via|by|the)|payment (?:was |has been |went |already )?(?:sent|made|processed|issued|released|posted|remitted|went out)|sent (?:the |a |our )?(?:payment|check|cheque|wire|transfer|remittance|money|funds)|(?:check|cheque) (?:is |was )?(?:in the (?:mail|post)|mailed|posted|sent)|mailed (?:a |the |our )?(?:check|cheque)|wired (?:it|the|you|over|\$|€|£|\d)|transferred (?:it|the|you|\$|€|£|\d)|remittance (?:advice|ref)|proof of payment|payment confirmation|confirmation number|transaction (?:id|ref)|should have (?:received|got|cleared)|should be in your account|it cleared|cleared (?:on|last|yesterday))\b", 0.9),

        // hardship
        Cue(Intents.Hardship, @"\b(?:can'?t|cannot|can not|unable to|not able to|no way (?:we|i) can|won'?t be able to)\s+(?:afford|pay|make (?:the |any |a )?payments?|cover)\b", 0.75),
        Cue(Intents.Hardship, @"\b(?:hardship|financial(?:ly)? (?:difficult|trouble|hardship|strain|problem)|cash[- ]?flow (?:problem|issue|is tight|crunch|difficult|trouble)|tight cash ?flow|cash is tight|money is tight|funds are tight|struggling|broke\b|no money|out of money|no funds|lost (?:our|a|my) (?:biggest |main |major )?(?:client|customer|contract|job)|laid off|layoffs|sales (?:are )?down|business is (?:slow|down|struggling)|slow season|hard times|tough times|difficult (?:time|period|month|quarter)|behind on (?:everything|payments|bills)|can'?t make payroll|making payroll|medical (?:emergency|bills)|in the red)\b", 0.85),

        // request_human
        Cue(Intents.RequestHuman, @"\b(?:(?:speak|talk|chat)\s+(?:to|with)\s+(?:a |an |the |your |someone|somebody|anyone|real|actual|human|person|agent|manager|supervisor|representative|rep\b|collector|account manager|team)|(?:real|actual|live)\s+(?:person|human|agent|people)|human being|a human|an agent|a person|a manager|your manager|supervisor|representative|customer service|someone (?:real|in charge|who can)|(?:call|phone|ring) me(?!\s+(?:back\s+)?(?:later|after|before|tomorrow|at|on|in|around|next|this|tonight|when))|give me a call(?!\s+(?:later|after|tomorrow|at|on|next))|can someone call|have someone call|need to talk to someone|are you a (?:bot|robot|machine)|not a bot|stop the bot|escalate)\b", 0.85),

        // wrong_contact
        Cue(Intents.WrongContact, @"\b(?:wrong (?:number|person|company|contact|email|address|guy|gal|department|business)|not (?:the right|the correct) (?:person|contact|number)|no longer (?:works?|with|at|employed|handle|handles|responsible)|(?:doesn'?t|does not|don'?t|do not) work (?:here|there|for)|left the company|has left|(?:not|no longer) (?:in charge of|responsible for|handling) (?:payables|ap|accounts payable|payments|invoices)|i'?m not (?:in )?(?:ap|accounts payable|accounting|finance|the accountant)|(?:not|don'?t) handle (?:payables|payments|invoices|accounts)|who is this|don'?t know (?:any|this|what|who)|never heard of|(?:you have|you'?ve got) the wrong|not me|not my (?:company|business|account)|retired|passed away|deceased)\b", 0.85),

        // settlement_offer
        Cue(Intents.SettlementOffer, @"\b(?:settle(?:ment)?|(?:take|accept)\s+(?:\$|€|£)?\d|(?:would|will|could) you (?:take|accept)|call it (?:even|square|done|quits)|call it a day|close (?:it|this|the account|the matter) (?:out|off)?|full and final|lump sum|one[- ]off payment|reduced (?:amount|sum|balance)|discount|knock (?:off|down)|write off the rest|meet (?:us |me )?(?:in the middle|halfway)|half (?:of it|the amount|now and done)|% and (?:we|you)|cents on the dollar|best (?:i|we) can (?:do|offer) is)\b", 0.8),

        // payment_plan
        Cue(Intents.PaymentPlan, @"\b(?:payment plan|pay(?:ment)? arrangement|installments?|instalments?|in (?:parts|pieces|chunks|stages|tranches)|split (?:it|this|that|the|into|up|payments?|over)|spread (?:it|this|that|the|out|over|payments)|over (?:\d+|two|three|four|five|six|several|a few|the next) (?:months|weeks)|(?:a|per|each|every) (?:month|week|fortnight)|monthly|weekly|bi-?weekly|fortnightly|partial payments?|pay (?:it )?(?:off )?(?:in|over) (?:time|parts|installments)|pay (?:some|part|a bit|a little|something) (?:now|each|every|monthly|weekly)|smaller payments|payment schedule|payments of|down payment|chip away|bit by bit|little by little|a bit at a time|set up (?:a |some )?(?:plan|payments)|terms\b)\b", 0.8),

        // promise_to_pay
        Cue(Intents.PromiseToPay, @"\b(?:(?:will|'ll|shall|going to|gonna|can|plan to|planning to|intend to|expect to|promise to|aim to)\s+(?:pay|send|wire|transfer|remit|settle|clear|process|release|get (?:it|this|the payment|you)|have (?:it|the payment)|make (?:the |a )?payment|mail)|payment (?:will|'ll|is going to|goes|going|should) (?:go out|be (?:sent|made|released|processed|issued|there|in)|go|hit|arrive|clear|reach)|(?:check|cheque|wire|transfer|payment|funds|money) (?:goes|going|is going|will go|will be) out|(?:expect|you'?ll (?:have|get|see|receive)) (?:it|the payment|payment|funds|the money)|scheduled (?:the |a )?payment|payment (?:is )?scheduled|in (?:the next|our next) (?:payment|check|cheque) ?run|next (?:payment|check|cheque) run|pay ?run|by (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|tomorrow|end of|the end|next)|on payday|when we get paid)\b", 0.8),

        // pay_full
        Cue(Intents.PayFull, @"\b(?:how (?:do|can|should) (?:i|we) pay|how to pay|where (?:do|can|should) (?:i|we) pay|pay (?:it |this |the )?(?:all|in full|the full|the whole|the entire|the total|everything|the balance|the lot|off)(?: now| today)?|pay (?:now|today|online|by card|with (?:a |my |our )?card|by (?:credit|debit) card|by ach|via ach|by bank transfer)|payment link|link to pay|(?:send|give|text|email) (?:me |us )?(?:a |the )?(?:link|payment link|invoice link|way to pay)|(?:send|give) (?:me |us )?(?:your )?(?:bank|banking|wire|remittance|payment) (?:details|info|instructions)|bank details|wire instructions|card (?:payment|details)|credit card|debit card|ach\b|online payment|pay online|portal|clear (?:it|the balance|everything) (?:now|today)|settle (?:up|in full|the full|the whole|everything) (?:now|today)?|want to pay|ready to pay|like to pay|happy to pay|can pay (?:it |the full |in full |all |today|now))\b", 0.8),

        // request_details
        Cue(Intents.RequestDetails, @"\b(?:what (?:is|'s) (?:this|it|that) (?:for|about|regarding)|what (?:do|does) (?:we|i|it) owe|how much (?:do|does|is|are|did) (?:we|i|it|owed|outstanding|due|left)|how much (?:is|was) (?:it|the (?:bill|invoice|balance))|what (?:is|'s) (?:the |my |our )?(?:balance|amount|total|outstanding)|which invoices?|what invoices?|(?:copy|copies) of (?:the |this |that )?invoices?|send (?:me |us |over )?(?:the |a |copies of the |a copy of the )?(?:invoice|invoices|statement|breakdown|details|bill|backup|documentation|proof|po)|(?:invoice|account) (?:copy|copies|statement|breakdown|details)|statement of account|account statement|breakdown|itemi[sz]ed|who (?:is|are) (?:this|you|the creditor)|who (?:is|am) i (?:paying|talking)|what company|which company|what (?:is|was) (?:it|this) (?:for)|details (?:of|on|about) (?:the|this|what)|more (?:info|information|details)|remind me what|what are you (?:talking|referring) about|due date|when (?:was|is) (?:it|this|that) due|resend (?:the )?invoice|never (?:got|received|saw) (?:the|an|any) (?:invoice|bill|statement))\b", 0.75),

        // callback_later
        Cue(Intents.CallbackLater, @"\b(?:call (?:me |us )?(?:back |again )?(?:later|tomorrow|after|before|next|on|at|in|around|this)|(?:contact|reach|text|message|email|try|get back to|catch|ping) (?:me|us) (?:later|tomorrow|after|next|on|at|in|around|instead|back)|(?:later|another time|some other time|next week|tomorrow) (?:please|pls|works|is better)|(?:busy|in a meeting|driving|on leave|on vacation|on holiday|out of (?:the )?office|ooo|away|travel(?:l)?ing|off (?:today|this week|until))|not a good time|bad time|can'?t talk (?:now|right now)|(?:email|e-mail|mail|write to|text) (?:me|us) (?:at|on|instead)|(?:use|try|send (?:it|everything|them) to) (?:my|our|this|the) (?:email|e-mail|other number|cell|mobile|address)|instead of (?:text|texting|sms|email|calling)|prefer (?:email|e-mail|a call|calls|text|texts|phone)|(?:back|return|in the office) (?:on|next|tomorrow|monday|tuesday|wednesday|thursday|friday|after)|until (?:next|monday|tuesday|wednesday|thursday|friday|the)|after (?:\d|lunch|the holidays?|the weekend|month[- ]end))\b", 0.75),

        // abusive
        Cue(Intents.Abusive, @"\b(?:f+u+c*k+|fck|fk off|sh[i1]t|bullsh[i1]t|crap|bastards?|assholes?|a-holes?|dick(?:s|head)?|idiots?|morons?|stupid|scum(?:bags?)?|leeches|vultures|parasites|thie(?:f|ves)|crooks?|scammers?|piss off|go to hell|damn you|screw you|get lost|shut up|losers?|clowns?|useless|pathetic|disgusting|bloody|bugger off|sod off|i'?ll (?:find|come for|sue|hurt|kill) you|watch your back|you'?ll regret|report you|wtf)\b", 0.8),
    ];

    /// <summary>Whole-message patterns for short replies that mean nothing more.</summary>
    public static readonly IReadOnlyList<Cue> ShortReplies =
    [
        Cue(Intents.Affirm, @"^(?:y|ya|yes|yeah|yep|yup|yess+|ok|okay|k|kk|sure|correct|right|that'?s (?:right|correct|fine|me)|confirmed?|agreed|agree|sounds good|sounds fine|fine|works for me|that works|deal|perfect|absolutely|definitely|of course|affirmative|yes please|yes that'?s (?:right|correct|me|fine)|yes,? (?:it is|i am|we do|that is)|it is|i am|great|alright|all right|go ahead|please do|do it|accepted|i accept|we accept|approved|good|👍|✅)(?:[ ,.!]+(?:thanks|thank you|please|pls|it is|that'?s right|sir|mate))?[\s.!]*$", 0.95),
        Cue(Intents.Deny, @"^(?:n|no|nope|nah|no thanks|no thank you|not really|not at all|incorrect|negative|wrong|not correct|that'?s not (?:right|correct|me)|no,? (?:it'?s not|it is not|that'?s wrong|i don'?t|we don'?t|not me|not now)|don'?t think so|i don'?t think so|not interested|no way|never|decline|i decline|we decline|rejected|👎)[\s.!]*$", 0.95),
        Cue(Intents.Greeting, @"^(?:hi+|hello|hey+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|hi there|hello there|hey there|dear (?:sir|madam|team|sirs)|hi team|hello team|hi all)(?:[ ,!.]+(?:there|team|all|everyone|sir|madam|again))?[\s.!,]*$", 0.95),
        Cue(Intents.ThanksBye, @"^(?:(?:ok(?:ay)?|great|cool|perfect|noted|got it)[, ]+)?(?:thanks?|thank you|thx|ty|tyvm|cheers|many thanks|much appreciated|appreciate it|thanks a lot|thank you very much|thanks so much|bye|goodbye|good bye|see you|see ya|take care|have a (?:good|nice|great) (?:day|one|weekend)|talk (?:soon|later)|ttyl|that'?s all|that is all|nothing else|all good)(?:[ ,!.]+(?:again|so much|very much|a lot|for (?:your|the) help|for that|for the info|bye|goodbye|have a (?:good|nice|great) (?:day|one|weekend)|cheers|take care|all))*[\s.!]*$", 0.95),
    ];

    /// <summary>Phrases that look like a cue but say the opposite; a matching veto removes the intent.</summary>
    public static readonly IReadOnlyList<Cue> Vetoes =
    [
        Cue(Intents.OptOut, @"\b(?:not|never|won'?t|will not) (?:going to )?stop (?:paying|payment|payments)|stop (?:by|in|payment on|the payment|paying)\b|don'?t (?:cancel|stop) (?:the|my|our) (?:payment|plan)|(?:not|don'?t) want (?:you )?to stop", 1.0),
        Cue(Intents.Dispute, @"\b(?:invoice|bill|statement|email|copy|link)\b[^.]{0,30}\b(?:never (?:received|arrived|got)|not received|didn'?t (?:receive|get|arrive))\b|\bnever (?:received|got|saw) (?:the|an|any|your) (?:invoice|bill|statement|email|copy|link)", 1.0),
        Cue(Intents.LegalRepresentation, @"\b(?:lawyer|attorney|solicitor|counsel|legal)\b[^.]{0,40}\b(?:said|says|told|advised) (?:us|me)? ?(?:to )?(?:pay|settle)\b", 1.0),
    ];

    private static Cue Cue(string intent, string pattern, double weight) => new(intent, new Regex(pattern, Options), weight);
}
