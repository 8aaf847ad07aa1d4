using System.Text.RegularExpressions;

namespace Samsara.Core.Matching;

public enum Seniority
{
    Unknown,
    Intern,
    Junior,
    Mid,
    Senior,
    Lead,
    Principal,
}

internal static partial class SeniorityReader
{
    /// <summary>
    /// The level a job title names, or Unknown. Only a title is read: body text says "lead generation" and
    /// "lead classes", and "Staff Accountant" is a grade of accountant, not a staff-level engineer.
    /// </summary>
    public static Seniority FromTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return Seniority.Unknown;
        }

        var m = Level().Match(title);
        if (!m.Success)
        {
            return Seniority.Unknown;
        }

        return m.Groups[1].Value.ToLowerInvariant() switch
        {
            "intern" or "internship" or "trainee" or "graduate" or "apprentice" => Seniority.Intern,
            "junior" or "jr" or "entry level" or "entry-level" => Seniority.Junior,
            "mid" or "mid-level" or "mid level" or "intermediate" => Seniority.Mid,
            "senior" or "sr" => Seniority.Senior,
            "lead" or "team lead" or "tech lead" or "staff" or "head" or "manager" => Seniority.Lead,
            _ => Seniority.Principal,
        };
    }

    /// <summary>Kept for callers reading a CV's current title; the same rules as a job title.</summary>
    public static Seniority FromText(string? text) => FromTitle(text);

    /// <summary>A rough level from years of experience, for CVs whose titles do not say.</summary>
    public static Seniority FromYears(double? years) => years switch
    {
        null => Seniority.Unknown,
        < 1 => Seniority.Intern,
        < 3 => Seniority.Junior,
        < 6 => Seniority.Mid,
        < 10 => Seniority.Senior,
        _ => Seniority.Lead,
    };

    /// <summary>Typical minimum years for a level, used when a job names a level but no years.</summary>
    public static double MinimumYears(Seniority level) => level switch
    {
        Seniority.Unknown or Seniority.Intern => 0,
        Seniority.Junior => 1,
        Seniority.Mid => 3,
        Seniority.Senior => 5,
        Seniority.Lead => 7,
        Seniority.Principal => 10,
    };

    // "lead" is a level only as a title word ("Lead Developer", "Team Lead"), not before generation/classes/times;
    // "staff" only before an engineering noun.
    [GeneratedRegex(@"\b(internship|intern|trainee|graduate|apprentice|junior|jr|entry[- ]level|mid[- ]level|mid|intermediate|senior|sr|team lead|tech lead|lead(?!\s+(?:generation|gen|classes|class|times?|paint|poisoning|role in|by))|staff(?=\s+(?:software|engineer|developer|data|scientist|architect))|head|manager|principal|director|architect|vp|chief)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Level();
}
