namespace Samsara.Core.CvIntake.Fields;

public enum CvSection
{
    Header,
    Summary,
    Experience,
    Education,
    Skills,
    Contact,
    Other,
}

/// <summary>A CV's text as trimmed lines, each tagged with the section heading above it.</summary>
internal sealed class CvLines
{
    private static readonly Dictionary<string, CvSection> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["profile"] = CvSection.Summary,
        ["summary"] = CvSection.Summary,
        ["professional summary"] = CvSection.Summary,
        ["about me"] = CvSection.Summary,
        ["personal statement"] = CvSection.Summary,
        ["objective"] = CvSection.Summary,
        ["career objective"] = CvSection.Summary,
        ["experience"] = CvSection.Experience,
        ["work experience"] = CvSection.Experience,
        ["professional experience"] = CvSection.Experience,
        ["employment"] = CvSection.Experience,
        ["employment history"] = CvSection.Experience,
        ["work history"] = CvSection.Experience,
        ["career history"] = CvSection.Experience,
        ["relevant experience"] = CvSection.Experience,
        ["berufserfahrung"] = CvSection.Experience,
        ["expérience professionnelle"] = CvSection.Experience,
        ["experiencia"] = CvSection.Experience,
        ["education"] = CvSection.Education,
        ["education and training"] = CvSection.Education,
        ["qualifications"] = CvSection.Education,
        ["academic background"] = CvSection.Education,
        ["ausbildung"] = CvSection.Education,
        ["formation"] = CvSection.Education,
        ["skills"] = CvSection.Skills,
        ["technical skills"] = CvSection.Skills,
        ["key skills"] = CvSection.Skills,
        ["core skills"] = CvSection.Skills,
        ["core competencies"] = CvSection.Skills,
        ["competencies"] = CvSection.Skills,
        ["technologies"] = CvSection.Skills,
        ["tech stack"] = CvSection.Skills,
        ["kenntnisse"] = CvSection.Skills,
        ["compétences"] = CvSection.Skills,
        ["contact"] = CvSection.Contact,
        ["contact details"] = CvSection.Contact,
        ["personal details"] = CvSection.Contact,
        ["contact information"] = CvSection.Contact,
        ["languages"] = CvSection.Other,
        ["certifications"] = CvSection.Other,
        ["certificates"] = CvSection.Other,
        ["projects"] = CvSection.Other,
        ["interests"] = CvSection.Other,
        ["hobbies"] = CvSection.Other,
        ["references"] = CvSection.Other,
        ["awards"] = CvSection.Other,
        ["publications"] = CvSection.Other,
        ["volunteering"] = CvSection.Other,
    };

    public IReadOnlyList<(string Text, CvSection Section)> Lines { get; }

    public CvLines(string text)
    {
        var lines = new List<(string, CvSection)>();
        var section = CvSection.Header;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().Trim('\u00A0', '\u200B');
            if (line.Length == 0)
            {
                continue;
            }

            if (HeadingOf(line) is { } heading)
            {
                section = heading;
                continue;
            }

            lines.Add((line, section));
        }

        Lines = lines;
    }

    public static bool IsHeading(string line) => HeadingOf(line) is not null;

    public IEnumerable<string> In(CvSection section) => Lines.Where(l => l.Section == section).Select(l => l.Text);

    private static CvSection? HeadingOf(string line)
    {
        var key = line.TrimEnd(':', ' ').Trim();
        return key.Length <= 40 && Headings.TryGetValue(key, out var s) ? s : null;
    }
}
