using System.Globalization;
using System.Text.RegularExpressions;
using Samsara.Core.Matching;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>Finds the candidate's name: a "Name:" label, else the first line near the top shaped like a name.</summary>
internal static partial class NameFinder
{
    private const int LinesToSearch = 30;

    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "de", "da", "das", "del", "della", "der", "den", "di", "du", "dos", "le", "la", "bin", "binti", "al", "el", "ten", "ter", "y", "e", "zu",
    };

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "curriculum", "vitae", "resume", "résumé", "cv", "page", "confidential", "private", "of", "the", "and", "for", "with", "in", "at",
        "engineer", "developer", "manager", "analyst", "designer", "consultant", "lead", "senior", "junior", "director", "scientist",
        "architect", "specialist", "officer", "administrator", "assistant", "accountant", "recruiter", "intern", "head", "chief", "principal",
        "associate", "executive", "coordinator", "technician", "programmer", "tester", "owner", "product", "software", "data", "sales",
        "marketing", "university", "college", "school", "limited", "ltd", "inc", "gmbh", "street", "road", "avenue", "london", "united",
        "kingdom", "states", "remote", "present", "references", "available", "request", "phone", "email", "mobile", "address", "linkedin", "github",

        // CV headings and skills written in title case: "Career Focus", "Active Directory", "Key Skills".
        "career", "focus", "profile", "summary", "objective", "experience", "education", "skills", "skill", "qualification", "qualifications",
        "professional", "personal", "statement", "active", "directory", "key", "core", "competencies", "achievements", "employment", "history",
        "work", "technical", "contact", "details", "information", "interests", "hobbies", "languages", "certifications", "certificates", "projects",
        "training", "volunteer", "volunteering", "awards", "publications", "highlights", "expertise", "areas", "overview", "about", "me",
        "management", "customer", "service", "services", "health", "safety", "food", "hygiene", "microsoft", "office", "excel", "word",
        "licence", "license", "driving", "clean", "full", "class", "team", "leadership", "communication", "strengths", "abilities", "additional",
        "relevant", "selected", "accomplishments", "memberships", "affiliations", "courses", "development", "portfolio", "page", "continued",
        "chef", "nurse", "teacher", "driver", "electrician", "mechanic", "sous", "pastry", "registered", "staff", "hgv", "accounts", "payroll",
        "human", "resources", "hr", "recruitment", "business", "account", "mechanical", "electrical", "civil", "assistant", "support", "care",
    };

    public static CvField<string>? Find(CvLines lines, IReadOnlyList<string> emails, SkillCatalog skills)
    {
        // A name under a heading ("Technical Skills" → "Exchange Server") is a skill or a title, not the candidate;
        // the contact block is the exception, as sidebar layouts put the name there.
        var top = lines.Lines.Take(LinesToSearch).Where(l => l.Section is CvSection.Header or CvSection.Contact).Select(l => l.Text).ToList();
        foreach (var line in top)
        {
            if (NameLabel().Match(line) is { Success: true } labelled && LooksLikeName(labelled.Groups[1].Value.Trim(), skills))
            {
                return new CvField<string>(Normalise(labelled.Groups[1].Value.Trim()), 0.95);
            }
        }

        for (var i = 0; i < top.Count; i++)
        {
            foreach (var segment in Segments(top[i]))
            {
                if (LooksLikeName(segment, skills))
                {
                    var name = Normalise(segment);
                    var agreesWithEmail = emails.Any(e => SharesToken(name, e));
                    // Lower down the page a name-shaped line is as likely a heading: below the review threshold unless the email agrees.
                    var confidence = (i < 5 ? 0.8 : 0.5) + (agreesWithEmail ? 0.15 : 0);
                    return new CvField<string>(name, Math.Min(0.95, confidence));
                }
            }
        }

        return FromEmail(emails);
    }

    private static string[] Segments(string line) =>
        line.Split(['|', '•', '·', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool LooksLikeName(string text, SkillCatalog skills)
    {
        if (text.Length is < 3 or > 60 || text.Any(c => char.IsDigit(c) || c is '@' or ':' or ',' or '/' or '(' or '&'))
        {
            return false;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 5 || CvLines.IsHeading(text) || skills.IsKnown(text))
        {
            return false;
        }

        var capitalised = 0;
        foreach (var word in words)
        {
            if (NotNames.Contains(word.Trim('.')))
            {
                return false;
            }

            if (Particles.Contains(word))
            {
                continue;
            }

            // "Qualification Â": a lone letter is a name only as an initial with its dot.
            if (word.Length == 1 || !NameWord().IsMatch(word))
            {
                return false;
            }

            capitalised++;
        }

        return capitalised >= 2;
    }

    private static bool SharesToken(string name, string email)
    {
        var local = email.Split('@')[0].ToLowerInvariant();
        return name.Split(' ').Any(part => part.Length > 2 && local.Contains(RemoveAccents(part).ToLowerInvariant(), StringComparison.Ordinal));
    }

    private static CvField<string>? FromEmail(IReadOnlyList<string> emails)
    {
        if (emails.Count == 0)
        {
            return null;
        }

        var parts = emails[0].Split('@')[0].Split(['.', '_', '-'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts.Any(p => p.Any(char.IsDigit)))
        {
            return null;
        }

        return new CvField<string>(string.Join(' ', parts.Select(p => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(p.ToLowerInvariant()))), 0.3);
    }

    /// <summary>"JANE DOE" becomes "Jane Doe"; mixed case is kept as written ("McDonald", "van der Berg").</summary>
    private static string Normalise(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length > 1 && w.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(w.ToLowerInvariant()) : w);
        return string.Join(' ', words);
    }

    internal static string RemoveAccents(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }

    [GeneratedRegex(@"^(?:full\s+)?name\s*[:\-–]\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NameLabel();

    // A capital (any script with case) then letters, apostrophes, hyphens; or an initial like "J.".
    [GeneratedRegex(@"^(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|\p{Lu}\.)$")]
    private static partial Regex NameWord();
}
