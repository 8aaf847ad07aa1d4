using System.Globalization;

namespace Samsara.Testing.CvCorpus;

public enum CvStyle
{
    Classic,
    TwoColumn,
    Labelled,
    ContactTable,
    AllCapsHeader,
    SidebarFirst,
}

public enum CvFormat
{
    Pdf,
    Docx,
    Txt,
}

/// <summary>The text blocks of one CV, laid out by style; writers place them on a page or in a document.</summary>
public sealed record CvBlocks(
    IReadOnlyList<string> Header,
    IReadOnlyList<(string Key, string Value)> ContactTable,
    IReadOnlyList<string> Sidebar,
    IReadOnlyList<string> Main,
    string? PageHeader,
    string? PageFooter);

public static class CvLayout
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static CvBlocks Compose(CvPersona p, CvStyle style, int variant)
    {
        var name = style == CvStyle.AllCapsHeader ? p.FullName.ToUpperInvariant() : p.FullName;
        var contact = new List<string> { p.Email, p.PhoneAsWritten, p.Location };
        if (p.LinkedIn is not null)
        {
            contact.Add(p.LinkedIn);
        }

        var skills = new List<string> { "Skills" };
        skills.AddRange(variant % 2 == 0 ? [string.Join(", ", p.SkillsAsWritten)] : p.SkillsAsWritten.Select(s => "• " + s));
        var main = new List<string> { "Profile", $"{p.Title} with a track record of shipping reliable software.", "Experience" };
        foreach (var job in p.Jobs)
        {
            main.AddRange(JobLines(job, variant));
        }

        main.Add("Education");
        main.Add(p.Education);
        var pageHeader = variant % 3 == 0 ? "Curriculum Vitae" : null;
        var pageFooter = variant % 2 == 1 ? "Page 1 of 1" : null;
        return style switch
        {
            CvStyle.Classic or CvStyle.AllCapsHeader => new CvBlocks([name, p.Title, string.Join(" | ", contact)], [], [], [.. skills, .. main], pageHeader, pageFooter),
            CvStyle.TwoColumn => new CvBlocks([name, p.Title], [], ["Contact", .. contact, .. skills], main, pageHeader, pageFooter),
            CvStyle.SidebarFirst => new CvBlocks([], [], [name, p.Title, "Contact", .. contact, .. skills], main, pageHeader, pageFooter),
            CvStyle.Labelled => new CvBlocks([$"Name: {name}", $"Email: {p.Email}", $"Phone: {p.PhoneAsWritten}", $"Location: {p.Location}"], [], [], [.. skills, .. main], "Curriculum Vitae — Confidential", "Page 1 of 1"),
            CvStyle.ContactTable => new CvBlocks([name, p.Title], [("Email", p.Email), ("Mobile", p.PhoneAsWritten), ("Location", p.Location)], [], [.. skills, .. main], pageHeader, pageFooter),
        };
    }

    private static IEnumerable<string> JobLines(CvJob job, int variant)
    {
        var start = (variant % 3) switch
        {
            0 => $"{MonthNames[job.StartMonth - 1]} {job.StartYear}",
            1 => $"{job.StartMonth:D2}/{job.StartYear}",
            _ => job.StartYear.ToString(CultureInfo.InvariantCulture),
        };
        var end = job.EndYear is null ? "Present" : (variant % 3) switch
        {
            0 => $"{MonthNames[job.EndMonth!.Value - 1]} {job.EndYear}",
            1 => $"{job.EndMonth:D2}/{job.EndYear}",
            _ => job.EndYear.Value.ToString(CultureInfo.InvariantCulture),
        };
        if (variant % 2 == 0)
        {
            yield return $"{job.Title} — {job.Company} | {start} – {end}";
        }
        else
        {
            yield return job.Title;
            yield return $"{job.Company}, {start} - {end}";
        }

        yield return "Built and ran services used by thousands of customers.";
    }
}
