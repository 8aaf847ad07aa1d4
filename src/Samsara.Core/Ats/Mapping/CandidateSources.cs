using System.Globalization;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;

namespace Samsara.Core.Ats.Mapping;

/// <summary>
/// The values a mapping can read for one candidate, by source path. A path may hold several values (emails,
/// phones, skills): transforms such as "first email" or "join" pick from them.
/// </summary>
public sealed class CandidateSources
{
    /// <summary>Every source path a mapping may name, with what the recruiter sees in the editor.</summary>
    public static readonly IReadOnlyDictionary<string, string> Catalogue = new Dictionary<string, string>
    {
        ["candidate.full_name"] = "Full name",
        ["candidate.email"] = "Emails (the candidate's, then the CV's)",
        ["candidate.phone"] = "Phones (the candidate's, then the CV's)",
        ["candidate.location"] = "Location",
        ["candidate.current_title"] = "Current title",
        ["candidate.current_company"] = "Current company (from the CV)",
        ["candidate.years_experience"] = "Years of experience",
        ["candidate.notes"] = "Recruiter's notes",
        ["candidate.source"] = "How the candidate came in (Import, Manual)",
        ["candidate.created_at"] = "Date added",
        ["cv.skills"] = "Skills",
        ["cv.linkedin"] = "LinkedIn",
        ["cv.github"] = "GitHub",
        ["cv.education"] = "Education",
        ["screening.state"] = "Screening state",
        ["screening.outcome"] = "Screening outcome",
        ["screening.notes"] = "Screening notes",
        ["project.name"] = "Project name",
        ["project.client_name"] = "Client",
        ["today"] = "Today's date",
    };

    private readonly Dictionary<string, IReadOnlyList<string>> values;

    private CandidateSources(Dictionary<string, IReadOnlyList<string>> values, string phoneRegion)
    {
        this.values = values;
        PhoneRegion = phoneRegion;
    }

    /// <summary>Region for phone numbers written without a country code (the project's).</summary>
    public string PhoneRegion { get; }

    public IReadOnlyList<string> Get(string path) => values.TryGetValue(path, out var v) ? v : [];

    public static CandidateSources For(Candidate candidate, Project project, OutreachSequence? sequence, DateTimeOffset now)
    {
        var cv = CvDocument.FromJson(candidate.CvJson);
        var current = cv?.WorkHistory?.Value.FirstOrDefault(w => w.IsCurrent) ?? (cv?.WorkHistory?.Value is { Count: > 0 } all ? all[0] : null);
        var map = new Dictionary<string, IReadOnlyList<string>>
        {
            ["candidate.full_name"] = One(candidate.FullName),
            ["candidate.email"] = Distinct([candidate.Email, .. cv?.Emails?.Value ?? []]),
            ["candidate.phone"] = Distinct([candidate.Phone, .. cv?.Phones?.Value ?? []]),
            ["candidate.location"] = One(candidate.Location ?? cv?.Location?.Value),
            ["candidate.current_title"] = One(candidate.CurrentTitle ?? cv?.CurrentTitle?.Value),
            ["candidate.current_company"] = One(current?.Company),
            ["candidate.years_experience"] = One((candidate.YearsExperience ?? cv?.YearsExperience?.Value)?.ToString(CultureInfo.InvariantCulture)),
            ["candidate.notes"] = One(candidate.Notes),
            ["candidate.source"] = One(candidate.Source.ToString()),
            ["candidate.created_at"] = One(candidate.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
            ["cv.skills"] = Distinct([.. cv?.Skills?.Value ?? []]),
            ["cv.linkedin"] = One(cv?.LinkedIn?.Value),
            ["cv.github"] = One(cv?.GitHub?.Value),
            ["cv.education"] = Distinct([.. cv?.Education?.Value.Select(e => e.Text) ?? []]),
            ["screening.state"] = One(sequence?.Status.ToString()),
            ["screening.outcome"] = One(sequence?.Outcome),
            ["screening.notes"] = One(sequence?.Notes),
            ["project.name"] = One(project.Name),
            ["project.client_name"] = One(project.ClientName),
            ["today"] = One(now.ToString("O", CultureInfo.InvariantCulture)),
        };
        return new CandidateSources(map, project.DefaultPhoneRegion);
    }

    /// <summary>Sources from plain values (tests, benchmarks and the editor's sample candidate).</summary>
    public static CandidateSources From(IReadOnlyDictionary<string, IReadOnlyList<string>> values, string phoneRegion = "GB") =>
        new(values.ToDictionary(v => v.Key, v => v.Value), phoneRegion);

    private static IReadOnlyList<string> One(string? value) => string.IsNullOrWhiteSpace(value) ? [] : [value.Trim()];

    private static List<string> Distinct(IEnumerable<string?> items) =>
        items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
