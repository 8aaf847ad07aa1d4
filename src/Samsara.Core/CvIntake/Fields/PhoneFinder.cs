using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>
/// Phone numbers in E.164, read with libphonenumber. A number written without a country code is read in the region the
/// CV's own address names, else the project's. A number libphonenumber calls invalid is kept and listed for the
/// recruiter to check, never dropped; the UK's drama range (07700 900xxx, which the sandbox's demo candidates use) is
/// reserved for fiction and taken as it is.
/// </summary>
internal static partial class PhoneFinder
{
    private const double CheckConfidence = 0.4;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static (CvField<IReadOnlyList<string>>? Phones, IReadOnlyList<string> ToCheck) Find(string text, string defaultRegion, string? cvLocation = null)
    {
        var region = Supported(defaultRegion);
        var cvRegion = RegionOf(cvLocation);
        var found = new List<string>();
        var toCheck = new List<string>();
        var allInternational = true;
        var validSpans = new List<(int Start, int End)>();
        var matches = new List<(PhoneNumberMatch Match, bool Valid)>();
        foreach (var match in Util.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            validSpans.Add((match.Start, match.Start + match.Length));
            matches.Add((match, true));
        }

        // A national number the project's region cannot read is read in the region the CV's own address names.
        if (cvRegion is not null && cvRegion != region)
        {
            foreach (var match in Util.FindNumbers(text, cvRegion, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                if (!validSpans.Exists(v => match.Start < v.End && match.Start + match.Length > v.Start))
                {
                    validSpans.Add((match.Start, match.Start + match.Length));
                    matches.Add((match, true));
                }
            }
        }

        // A looser pass keeps what validation rejects, where no valid number was read from the same text.
        foreach (var match in Util.FindNumbers(text, region, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
        {
            if (!validSpans.Exists(v => match.Start < v.End && match.Start + match.Length > v.Start)
                && (IsDramaNumber(match.Number) || LooksLikePhone(match.RawString.Trim())))
            {
                matches.Add((match, IsDramaNumber(match.Number)));
            }
        }

        foreach (var (match, valid) in matches.OrderBy(m => m.Match.Start))
        {
            var raw = match.RawString.Trim();
            var e164 = Util.Format(match.Number, PhoneNumberFormat.E164);
            if (found.Contains(e164))
            {
                continue;
            }

            found.Add(e164);
            allInternational &= raw.StartsWith('+') || raw.StartsWith("00", StringComparison.Ordinal);
            if (!valid)
            {
                toCheck.Add(e164);
            }
        }

        if (found.Count == 0)
        {
            return (null, toCheck);
        }

        // Numbers that check out first; one that does not still leads when it is all the CV gives.
        var ordered = found.OrderBy(toCheck.Contains).ToList();
        var confidence = toCheck.Contains(ordered[0]) ? CheckConfidence : allInternational ? 0.95 : 0.85;
        return (new CvField<IReadOnlyList<string>>(ordered, confidence), toCheck);
    }

    public static string? ToE164(string? phone, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        try
        {
            var number = Util.Parse(phone, defaultRegion.ToUpperInvariant());
            return Util.IsValidNumber(number) || IsDramaNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The region a CV's address or location names ("San Francisco, CA", "Leeds, UK"), when it names one.</summary>
    internal static string? RegionOf(string? location)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        if (UsState().IsMatch(location) || UsWords().IsMatch(location))
        {
            return "US";
        }

        foreach (var (pattern, region) in Countries)
        {
            if (Regex.IsMatch(location, $@"\b(?:{pattern})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            {
                return region;
            }
        }

        return null;
    }

    private static readonly (string Pattern, string Region)[] Countries =
    [
        ("UK|United Kingdom|England|Scotland|Wales|Northern Ireland|Great Britain|London|Manchester|Birmingham|Leeds|Glasgow|Edinburgh|Bristol|Liverpool", "GB"),
        ("Ireland|Dublin|Cork", "IE"), ("Canada|Toronto|Vancouver|Montreal|Ontario", "CA"), ("Australia|Sydney|Melbourne|Brisbane", "AU"),
        ("New Zealand|Auckland", "NZ"), ("India|Mumbai|Bangalore|Bengaluru|Delhi", "IN"), ("Germany|Deutschland|Berlin|Munich|München|Hamburg", "DE"),
        ("France|Paris|Lyon", "FR"), ("Spain|España|Madrid|Barcelona", "ES"), ("Netherlands|Amsterdam|Rotterdam", "NL"), ("Italy|Italia|Rome|Milan", "IT"),
        ("South Africa|Johannesburg|Cape Town", "ZA"), ("Singapore", "SG"),
    ];

    private static string Supported(string region) =>
        Util.GetSupportedRegions().Contains(region.ToUpperInvariant()) ? region.ToUpperInvariant() : "ZZ";

    // Ofcom reserves 07700 900000-900999 for drama; libphonenumber rightly calls them unassigned.
    private static bool IsDramaNumber(PhoneNumber number) =>
        number.CountryCode == 44 && number.NationalNumber is >= 7700900000 and <= 7700900999;

    /// <summary>An invalid match is kept only when written like a phone number, not like a year range or a reference.</summary>
    private static bool LooksLikePhone(string raw) =>
        (raw.StartsWith('+') || raw.StartsWith('0') || raw.StartsWith('(')) && raw.Count(char.IsDigit) >= 9 && !YearRange().IsMatch(raw);

    [GeneratedRegex(@",\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\b(?:\s+\d{5})?")]
    private static partial Regex UsState();

    [GeneratedRegex(@"\b(?:USA|U\.S\.A?\.?|United States)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UsWords();

    [GeneratedRegex(@"^(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}$")]
    private static partial Regex YearRange();
}
