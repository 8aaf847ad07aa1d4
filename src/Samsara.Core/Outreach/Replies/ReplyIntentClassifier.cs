using System.Text.RegularExpressions;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// Reads a reply's intent with ordered rules over the folded text (<see cref="ReplyText"/>), locally and offline.
/// The order is the safety order: an opt-out in any words wins over everything else ("not interested, stop texting
/// me" is an opt-out), then out-of-office, wrong person, not now (a time named), not interested, question,
/// interested. Confidence is the rule's: explicit phrases are confident, hints (a bare "?" or "ok") are not, so they
/// wait for the recruiter. <c>docs/reply-intent.md</c> has the figures on the labelled set.
/// </summary>
public static partial class ReplyIntentClassifier
{
    public static ReplyClassification Classify(string? body, DateOnly today)
    {
        var fresh = ReplyText.Fresh(body);
        if (fresh.Length == 0)
        {
            return new(ReplyIntent.Other, 0.3, null, "empty reply");
        }

        if (OptOutKeywords.IsOptOut(fresh))
        {
            return new(ReplyIntent.OptOut, 1.0, null, "opt-out keyword");
        }

        var text = ReplyText.Fold(fresh);
        if (OptOut().Match(text) is { Success: true } optOut && !Negated(text, optOut.Index))
        {
            return new(ReplyIntent.OptOut, 0.95, null, optOut.Value);
        }

        if (OutOfOffice().Match(text) is { Success: true } ooo)
        {
            return new(ReplyIntent.OutOfOffice, 0.95, ReplyDates.Find(text, today), ooo.Value);
        }

        if (WrongPerson().Match(text) is { Success: true } wrong)
        {
            return new(ReplyIntent.WrongPerson, 0.9, null, wrong.Value);
        }

        var after = text.Contains("after", StringComparison.Ordinal);
        if (NotNow().Match(text) is { Success: true } notNow)
        {
            return new(ReplyIntent.NotNow, 0.9, ReplyDates.Find(text, today, after), notNow.Value);
        }

        // "try me in January" asks to wait; "call me after 5" asks for a call today: only a named date or "again" tells.
        if (AskLater().Match(text) is { Success: true } later)
        {
            var named = ReplyDates.Find(text, today, after);
            if (named is not null || later.Value.Contains("again", StringComparison.Ordinal))
            {
                return new(ReplyIntent.NotNow, 0.85, named, later.Value);
            }
        }

        if (NotInterested().Match(text) is { Success: true } no)
        {
            return new(ReplyIntent.NotInterested, 0.9, null, no.Value);
        }

        var asked = text.Contains('?', StringComparison.Ordinal) || QuestionOpening().IsMatch(text);
        if (asked && QuestionTopic().Match(text) is { Success: true } topic)
        {
            return new(ReplyIntent.Question, 0.85, null, topic.Value);
        }

        // "ok thanks, will let you know" is polite, not a yes.
        if (Undecided().Match(text) is { Success: true } undecided)
        {
            return new(ReplyIntent.Other, 0.7, null, undecided.Value);
        }

        if (Interested().Match(text) is { Success: true } yes)
        {
            return new(ReplyIntent.Interested, 0.85, null, yes.Value);
        }

        if (asked && QuestionWords().Match(text) is { Success: true } generic)
        {
            return new(ReplyIntent.Question, 0.75, null, generic.Value);
        }

        // "Hello?" is a nudge, not a question about the role.
        if (text.Contains('?', StringComparison.Ordinal) && text.Contains(' ', StringComparison.Ordinal))
        {
            return new(ReplyIntent.Question, 0.6, null, "asks something");
        }

        return new(ReplyIntent.Other, 0.5, null, "no rule matched");
    }

    // "please don't unsubscribe me" / "do not remove me" are the opposite of an opt-out.
    private static bool Negated(string text, int at) =>
        at >= 0 && DontBefore().IsMatch(text[Math.Max(0, at - 14)..at]);

    [GeneratedRegex(@"(?:\b(?:please\s+)?(?:don't|do not|dont|never)\s+)$")]
    private static partial Regex DontBefore();

    [GeneratedRegex("""
        ^stop\b(?!\s+(?:by|in|at|over)\b)
        |\bstop\s+(?:it|this|now|pls|please|all|texting|txting|messaging|msging|contacting|emailing|e-mailing|calling|sending|spamming|bothering|harassing|writing|ringing)\b
        |(?<!non-|non\s|bus\s|can't\s|cannot\s|won't\s|don't\s|full\s)\bstop\s*[.!]*\s*$
        |\b(?:don't|do\s+not|dont|pls\s+don't|never)\s+(?:ever\s+)?(?:text|txt|contact|message|msg|email|e-mail|call|ring|phone|write\s+to)\s+(?:me|this\s+number|us)\b
        |\b(?:remove|delete|erase)\s+(?:me|my\s+(?:number|details|data|email|address|info\w*|cv|phone))\b(?!\s+(?:through|to|for|as|on))
        |\btake\s+me\s+off\b|\boff\s+(?:your|the)\s+(?:list|database|books|system)\b
        |\bunsubscribe\b|\bun-subscribe\b|\bopt\s*(?:me\s+)?out\b|\bopt-out\b
        |\bno\s+more\s+(?:texts|txts|messages|msgs|emails|calls|contact)\b
        |\bleave\s+me\s+alone\b|\blose\s+my\s+number\b|\bnot\s+(?:to\s+)?contact\s+me\b
        |\bi\s+do\s+not\s+(?:want|wish)\s+to\s+(?:be\s+contacted|hear\s+from)|\bi\s+don't\s+want\s+(?:any\s+more|anymore|more)\s+(?:texts|messages|emails)
        |\bdon't\s+want\s+to\s+(?:be\s+contacted|hear\s+from\s+you)
        |\bstop\s+contact\b|\bcease\s+(?:all\s+)?contact|\bgdpr\b.*\b(?:delete|erase|remove)
        |\barretez\b|^arrete\b|\bne\s+(?:me\s+)?(?:contactez|ecrivez|appelez|envoyez)\s+plus|\bdesabonn|\bdesinscri|\bsupprimez\s+mes
        |\bkontaktieren\s+sie\s+mich\s+nicht\s+mehr|\bnicht\s+mehr\s+(?:kontaktieren|anschreiben|schreiben|anrufen|kontaktiert)|\bkeine\s+(?:nachrichten|sms|mails|e-mails|anrufe)\s+mehr|\babmelden\b|\bhoren\s+sie\s+auf|\baustragen\b|\bloschen\s+sie\s+meine
        |\bno\s+me\s+(?:escriban|escribas|contacten|contactes|llamen|llames|manden|molesten)|\bdejen?\s+de\s+(?:escribir|contactar|llamar|mandar|enviar)|\bdarme\s+de\s+baja|\bborren(?:me)?\s+|\bno\s+(?:quiero|deseo)\s+(?:recibir|que\s+me)
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex OptOut();

    [GeneratedRegex("""
        \bout\s+of\s+(?:the\s+)?office\b|\bautomatic\s+reply\b|\bauto[-\s]?reply\b|\bautoreply\b|\bi\s+am\s+(?:currently\s+)?(?:away|on\s+(?:annual\s+)?leave|out|travell?ing|on\s+holiday|on\s+vacation|on\s+parental\s+leave)\b
        |\bi'm\s+(?:currently\s+)?(?:away|on\s+(?:annual\s+)?leave|on\s+holiday|on\s+vacation)\b.*\b(?:return|back|limited\s+access)
        |\blimited\s+access\s+to\s+(?:my\s+)?email|\bwill\s+(?:be\s+)?(?:respond|reply|get\s+back)\w*\s+.*\bupon\s+my\s+return|\bon\s+my\s+return\b
        |\babwesenheitsnotiz|\bbin\s+(?:bis|ab)\b.*\b(?:abwesend|nicht\s+im\s+buro|im\s+urlaub)|\babwesend\b
        |\babsent(?:e)?\s+du\s+bureau|\bje\s+suis\s+absent|\bmessage\s+d'absence|\ben\s+conges\b
        |\bfuera\s+de\s+la\s+oficina|\bestoy\s+de\s+vacaciones|\brespuesta\s+automatica
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex OutOfOffice();

    [GeneratedRegex("""
        \bwrong\s+(?:number|person|guy|girl|man|woman|contact|email|address|no\.?)\b|\bnot\s+the\s+right\s+person\b
        |\bno\s*(?:one|body)\s+(?:here\s+)?(?:by|called|named)\s+(?:that|this)?|\b(?:this|that)\s+is\s+not\s+\w+'s\s+(?:number|phone|email)
        |\bi'?m\s+not\s+(?:him|her)\b|\byou\s+have\s+the\s+wrong\b|\b(?:he|she)\s+(?:doesn't|does\s+not|no\s+longer)\s+(?:work|live|use|have)
        |\b(?:he|she)\s+(?:left|has\s+left)\s+(?:the\s+company|us)\b|\bnew\s+owner\s+of\s+this\s+number|\bi\s+just\s+got\s+this\s+number
        |\bi\s+don't\s+know\s+(?:any|a|who)\b.*\b(?:named|called|is)\b|\bnever\s+heard\s+of\s+(?:him|her|them)\b|\bno\s+longer\s+(?:with|at)\s+(?:the\s+company|\w+\s+(?:ltd|inc|gmbh))
        |\bfalsche\s+nummer|\bmauvais\s+numero|\bnumero\s+equivocado|\bse\s+equivoc|\bwrong\s+recipient
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex WrongPerson();

    [GeneratedRegex("""
        \bnot\s+(?:right\s+)?now\b|\bnot\s+at\s+(?:the|this)\s+(?:moment|time|minute|point)\b|\bnot\s+(?:just\s+)?yet\b|\bmaybe\s+later\b
        |^(?:maybe\s+)?(?:after|from|in|around)\s+(?:\d|a\s+few|a\s+couple|the\s+new\s+year|next|january|february|march|april|may|june|july|august|september|october|november|december)
        |\b(?:in|after|for)\s+(?:a\s+)?(?:few|couple\s+of|\d+|two|three|six)\s+(?:weeks|months)\b|\bnext\s+(?:year|month|quarter)\b
        |\bafter\s+(?:christmas|xmas|the\s+holidays|new\s+year|easter|the\s+summer|summer|my\s+(?:notice|probation|holiday|exams|leave))\b
        |\bcheck\s+back\b|\bcircle\s+back\b|\bkeep\s+me\s+in\s+mind\b|\bkeep\s+my\s+(?:cv|details|number)\s+on\s+file\b|\bin\s+the\s+(?:new\s+year|spring|autumn|fall|future)\b
        |\bjust\s+(?:started|accepted)\s+a\s+new\s+(?:job|role|position)\b.*\b(?:in|after|maybe|future|year)\b|\bbad\s+time\b|\bbusy\s+(?:right\s+now|at\s+the\s+moment|until|till|this\s+(?:week|month))
        |\bnot\s+looking\s+(?:right\s+now|at\s+the\s+moment|until|for\s+now|currently)\b|\bnot\s+(?:currently|actively)\s+looking\b.*\b(?:but|maybe|future|later|year|month)\b
        |\bpas\s+(?:maintenant|pour\s+le\s+moment)|\bplus\s+tard\b|\bim\s+moment\s+nicht|\bspater\b|\bjetzt\s+nicht\b|\bahora\s+no\b|\bmas\s+adelante\b|\ben\s+este\s+momento\s+no\b
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NotNow();

    [GeneratedRegex(@"\b(?:try|contact|ask|reach\s+out\s+to|reach|ping|call|text|message|email|get\s+back\s+to|check\s+(?:back\s+)?(?:in\s+)?with|circle\s+back\s+(?:to|with)|come\s+back\s+to|hit)\s+me\s+(?:up\s+)?(?:again\s+)?(?:in|after|next|around|from|early|late|at\s+the\s+end\s+of|once|closer)\b")]
    private static partial Regex AskLater();

    [GeneratedRegex("""
        \bnot\s+(?:really\s+|that\s+|at\s+all\s+)?interested\b|\bno\s+(?:thanks|thank\s+you|thx|ty)\b|\bno,?\s+(?:thanks|thank\s+you)\b|\bnah\b|\bnope\b
        |\b(?:(?:i'm|i\s+am)\s+)?(?:very\s+)?happy\s+(?:where\s+i\s+am|in\s+my\s+(?:current\s+)?(?:role|job|position))|\bnot\s+what\s+i'?m\s+looking\s+for\b|\bnot\s+looking\b|\bnot\s+for\s+me\b|\bi'll\s+pass\b|\bi\s+will\s+pass\b|\bpass\s+on\s+this\b
        |\b(?:already\s+)?(?:accepted|found|started|taken|signed)\s+(?:a|an|another)\s+(?:\w+\s+)?(?:job|role|position|offer|contract)\b|\bno\s+longer\s+(?:looking|available|interested)\b
        |\b(?:isn't|is\s+not|doesn't\s+sound|not\s+quite)\s+(?:a\s+)?(?:right\s+)?(?:fit|for\s+me|what\s+i'm\s+looking\s+for)|\bnot\s+(?:a\s+)?(?:good\s+)?fit\b|\bdecline\b|\bnot\s+keen\b|\bnot\s+relevant\b
        |\b(?:too\s+far|too\s+junior|too\s+low|below\s+my)\b|\bnot\s+moving\b|\bstaying\s+put\b|\bi\s+retired\b|\bi'm\s+retired\b
        |\bpas\s+interess|\bnon\s+merci\b|\bkein\s+interesse\b|\bnein\s+danke\b|\bno\s+me\s+interesa\b|\bno\s+gracias\b|\bno\s+estoy\s+interesad
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NotInterested();

    [GeneratedRegex("""
        \b(?:salary|salaries|pay|paid|rate|day\s+rate|compensation|package|bonus|benefits|pension|equity|budget|money|how\s+much|range|ote|parking)\b
        |\b(?:where|location|located|based|office|commute|relocation|relocate|remote|hybrid|wfh|work\s+from\s+home|on-?site|days\s+a\s+week)\b
        |\b(?:who\s+is\s+the|which\s+company|what\s+company|the\s+client|name\s+of\s+the\s+company|who\s+are\s+they|what\s+(?:firm|business))\b
        |\b(?:hours|shifts?|part[-\s]time|full[-\s]time|contract|permanent|perm|temp|fixed\s+term|start\s+date|visa|sponsor\w*|holiday\s+allowance|annual\s+leave|overtime|notice)\b
        |\b(?:combien|salaire|ou\s+est|wie\s+viel|wo\s+ist|welche|gehalt|cuanto|donde|salario)\b
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex QuestionTopic();

    [GeneratedRegex(@"\b(?:what'?s?|which|how|when|why|where|who|is\s+(?:it|this|there)|are\s+(?:you|they|there)|can\s+you|could\s+you|do\s+they|does\s+it|would\s+i|will\s+i|any\s+idea|quel|wann|cual)\b")]
    private static partial Regex QuestionWords();

    [GeneratedRegex(@"^(?:what'?s?|which|how|when|why|where|who|is\s+(?:it|this|there)|are\s+(?:you|they|there)|can\s+you|could\s+you|do\s+they|does\s+it|any)\b")]
    private static partial Regex QuestionOpening();

    [GeneratedRegex("""
        ^(?:yes+|yeah|yep|yup|ya|sure|ok|okay|k|absolutely|definitely|certainly|of\s+course|go\s+on|go\s+ahead|please\s+do|sounds\s+good|great|perfect|lovely|cool|deal|interested)\b
        |\b(?:i'm|i\s+am|i'd\s+be|i\s+would\s+be|very|really|definitely|quite|def)\s+(?:very\s+|really\s+|definitely\s+)?(?:interested|keen|open\s+to|up\s+for)\b|\binterested\b
        |\bsounds\s+(?:good|great|interesting|promising|perfect|like\s+a\s+good)\b|\b(?:happy|glad|keen|open)\s+to\s+(?:chat|talk|speak|discuss|hear|have\s+a\s+call|take\s+a\s+call|learn|find\s+out)\b|\btell\s+me\s+more\b|\bsend\s+(?:me\s+)?(?:more\s+)?(?:details|info|the\s+(?:jd|job\s+description|spec))\b
        |\b(?:call|ring|phone)\s+me\b|\blet'?s\s+(?:talk|chat|speak|do\s+it|arrange)|\b(?:i'?m|i\s+am)\s+(?:free|available)\b|\bfree\s+(?:to\s+talk|for\s+a\s+call|on|at|tomorrow|after)\b|\bgive\s+me\s+a\s+(?:call|ring|bell)\b
        |\bwould\s+love\s+to\b|\bi'd\s+like\s+to\s+(?:apply|hear|know|talk|chat|discuss|learn)\b|\bcount\s+me\s+in\b|\bi'm\s+in\b|\bwhen\s+can\s+we\s+(?:talk|speak|chat)\b|\bcan\s+we\s+(?:talk|speak|chat)\b
        |\bthanks\s+for\s+(?:reaching\s+out|getting\s+in\s+touch|thinking\s+of\s+me)\b|\blooking\s+for\s+a\s+new\s+(?:role|job|challenge)|\bopen\s+to\s+(?:new\s+)?(?:opportunities|offers|roles)
        |^(?:oui|ja|si|claro|gerne|volontiers|avec\s+plaisir|me\s+interesa|ca\s+m'interesse)\b|\b(?:je\s+suis\s+interesse|ich\s+bin\s+interessiert|estoy\s+interesad[oa]s?|klingt\s+gut|ca\s+m'interesse|me\s+interesa)\b
        |✅|👍|🙌|😊|🙂
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Interested();

    [GeneratedRegex(@"\b(?:i'll|i\s+will|will)\s+let\s+you\s+know\b|\blet\s+me\s+(?:think|check|see|have\s+a\s+think)\b|\b(?:i'll|i\s+will)\s+think\s+about\s+it\b")]
    private static partial Regex Undecided();
}
