using System.Text.RegularExpressions;
using Samsara.Core.CvIntake.Fields;

namespace Samsara.Core.ClientPackages;

/// <summary>What a candidate must not be recognisable by: their name and every contact detail Samsara knows.</summary>
public sealed record Identity(string FullName, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<string> Urls);

/// <summary>
/// Rewrites a dossier so the client cannot identify the candidate: the name becomes a reference, and from every text
/// (summary, skills, jobs, education, answers, notes, excerpts) it removes the candidate's name parts, the emails,
/// phone numbers and URLs it knows, anything shaped like an email, phone number, web address or street address, and
/// the recruiter's extra terms. The original CV is never part of an anonymised package.
/// </summary>
public static partial class Anonymiser
{
    public const string Removed = "[removed]";

    public static CandidateDossier Anonymise(CandidateDossier d, Identity identity, string reference, IReadOnlyList<string> extraTerms)
    {
        var redact = Redaction(identity, extraTerms);
        return d with
        {
            DisplayName = reference,
            Contact = [],
            CurrentTitle = redact(d.CurrentTitle),
            Location = CityOnly(redact(d.Location)),
            Summary = redact(d.Summary),
            Skills = [.. d.Skills.Select(s => redact(s)!).Where(s => s != Removed)],
            WorkHistory = [.. d.WorkHistory.Select(w => w with { Title = redact(w.Title), Company = redact(w.Company) })],
            Education = [.. d.Education.Select(e => e with { Text = redact(e.Text)! })],
            ScoreReasons = [.. d.ScoreReasons.Select(s => redact(s)!)],
            ScreeningReasons = [.. d.ScreeningReasons.Select(s => redact(s)!)],
            Answers = [.. d.Answers.Select(a => a with { Question = redact(a.Question)!, Answer = redact(a.Answer) })],
            RecruiterNotes = redact(d.RecruiterNotes),
            Excerpts = [.. d.Excerpts.Select(x => new TranscriptExcerpt(redact(x.Asked), redact(x.Said)!))],
            Availability = redact(d.Availability),
            SalaryExpectation = redact(d.SalaryExpectation),
            NoticePeriod = redact(d.NoticePeriod),
        };
    }

    /// <summary>A function that redacts one text for this identity (also used on the email's text).</summary>
    public static Func<string?, string?> Redaction(Identity identity, IReadOnlyList<string> extraTerms)
    {
        var literals = identity.Emails.Concat(identity.Urls).Concat(extraTerms)
            .Select(t => t.Trim()).Where(t => t.Length >= 2).OrderByDescending(t => t.Length).ToList();
        var nameParts = identity.FullName.Split([' ', '-', '.', ',', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Length >= 2).ToList();
        var phoneDigits = identity.Phones.Select(Digits).Where(p => p.Length >= 6).ToList();
        return text =>
        {
            if (string.IsNullOrEmpty(text))
            {
                return text;
            }

            var result = text;
            foreach (var literal in literals)
            {
                result = Regex.Replace(result, Regex.Escape(literal), Removed, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }

            result = EmailShape().Replace(result, Removed);
            result = UrlShape().Replace(result, Removed);
            result = PhoneShape().Replace(result, m => IsPhone(m.Value, phoneDigits) ? Removed : m.Value);
            result = StreetShape().Replace(result, Removed);
            result = UkPostcode().Replace(result, Removed);
            foreach (var part in nameParts)
            {
                // Whole words only ("Ann" must not eat "Annual"); CJK names have no word boundaries, so match them anywhere.
                var pattern = part.Any(IsCjk) ? Regex.Escape(part) : $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(part)}(?![\p{{L}}\p{{N}}])";
                result = Regex.Replace(result, pattern, Removed, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }

            return result;
        };
    }

    /// <summary>"Candidate 2026-003": the year the package was made and the candidate's place in the shortlist.</summary>
    public static string Reference(int year, int position) => $"Candidate {year}-{position:000}";

    public static string Initials(string fullName) =>
        string.Concat(fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + "."));

    public static Identity IdentityOf(string fullName, string? email, string? phone, CvDocument? cv)
    {
        var emails = new List<string>();
        var phones = new List<string>();
        var urls = new List<string>();
        if (email is not null)
        {
            emails.Add(email);
        }

        if (phone is not null)
        {
            phones.Add(phone);
        }

        emails.AddRange(cv?.Emails?.Value ?? []);
        phones.AddRange(cv?.Phones?.Value ?? []);
        phones.AddRange(cv?.PhonesToCheck ?? []);
        foreach (var url in new[] { cv?.LinkedIn?.Value, cv?.GitHub?.Value })
        {
            if (!string.IsNullOrWhiteSpace(url))
            {
                urls.Add(url);
                // The same profile written without the scheme or "www." must go too.
                urls.Add(Regex.Replace(url, "^(https?://)?(www\\.)?", "", RegexOptions.IgnoreCase));
            }
        }

        var names = new[] { fullName, cv?.FullName?.Value }.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct();
        return new Identity(string.Join(' ', names), emails, phones, urls);
    }

    private static string? CityOnly(string? location) =>
        location is null ? null : location.Split(',').Select(p => p.Trim()).LastOrDefault(p => p.Length > 0 && !p.Contains(Removed, StringComparison.Ordinal));

    private static bool IsPhone(string match, List<string> known)
    {
        var digits = Digits(match);
        // Years and date ranges ("2019 - 2021") are digit runs too; a phone number has at least 9 digits or is one we know.
        return digits.Length >= 9 || known.Any(k => k.EndsWith(digits, StringComparison.Ordinal) && digits.Length >= 6);
    }

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    private static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+|\b(?:linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com)/\S*|\b[\w\-]+\.(?:com|net|org|io|dev|me|co\.uk|de|fr)/\S*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlShape();

    [GeneratedRegex(@"(?<!\w)\+?\(?\d[\d\s().\-/]{5,}\d(?!\w)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PhoneShape();

    [GeneratedRegex(@"\b\d{1,5}[a-zA-Z]?,?\s+(?:[\p{L}'\-]+\s+){0,4}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Square|Sq|Boulevard|Blvd|Terrace|Crescent|Gardens|Grove|Hill|Row|Mews|Parade|Walk|Straße|Strasse|Rue|Calle|Via)\b\.?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StreetShape();

    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UkPostcode();
}
