using System.Text;

namespace Samsara.Testing.CvCorpus;

/// <summary>One generated multi-page CV (as the text a PDF reader gives back) and the profession it belongs to.</summary>
public sealed record ProfessionCv(string FileName, string Text, Profession Profession, CvPersona Person);

/// <summary>
/// CVs across professions, long enough for 2-4 pages: contact block or none, skills as a list or bullets, page header
/// and footer lines repeated every page (as text extraction returns them), earlier jobs in a neighbouring trade, and
/// sentences every profession shares.
/// </summary>
public static class ProfessionCorpus
{
    private const int LinesPerPage = 45;

    public static IReadOnlyList<ProfessionCv> Build(int perProfession = 10, int seed = 1111)
    {
        var all = new List<ProfessionCv>();
        var professions = Professions.All;
        for (var i = 0; i < perProfession * professions.Count; i++)
        {
            var profession = professions[i % professions.Count];
            var person = CvPersonas.Create(i, seed);
            all.Add(new ProfessionCv($"{profession.Key}-{i:D3}.pdf", Write(profession, person, i, new Random(seed + i)), profession, person));
        }

        return all;
    }

    private static string Write(Profession p, CvPersona person, int variant, Random random)
    {
        var body = new List<string>();
        var title = p.Titles[variant % p.Titles.Length];
        if (variant % 4 != 3)
        {
            body.Add(person.FullName);
            body.Add(title);
        }

        if (variant % 3 != 2)
        {
            body.Add($"{person.Email} | {person.PhoneAsWritten} | {person.Location}");
        }

        body.AddRange(["Profile", p.Profile + " " + Pick(Professions.Common, random), "Key Skills"]);
        var skills = p.Skills.OrderBy(_ => random.Next()).Take(5 + (variant % 3)).ToList();
        body.AddRange(variant % 2 == 0 ? [string.Join(", ", skills)] : skills.Select(s => "• " + s));
        body.Add("Employment History");
        var jobs = 4 + (variant % 4);
        var year = 2025;
        for (var j = 0; j < jobs; j++)
        {
            var jobTitle = j < jobs - 2 ? p.Titles[(variant + j) % p.Titles.Length] : p.EarlierTitles[j % p.EarlierTitles.Length];
            var length = 1 + random.Next(4);
            body.Add(j == 0 ? $"{jobTitle} — {Company(random)} | {year - length} – Present" : $"{jobTitle} — {Company(random)} | {year - length} – {year}");
            year -= length;
            var duties = j < jobs - 2 ? p.Duties : p.Duties.Take(3).ToArray();
            foreach (var duty in duties.OrderBy(_ => random.Next()).Take(4 + random.Next(3)))
            {
                body.Add("• " + duty);
            }

            body.Add("• " + Pick(Professions.Common, random));
            body.Add("• " + Pick(Professions.Common, random));
        }

        body.Add("Education and Qualifications");
        body.AddRange(p.Qualifications);
        body.AddRange(["GCSEs in English, Maths and Science", "Interests", "Football, cooking for friends, hill walking and volunteering at a local charity.", "References available on request."]);

        // Page header and footer lines, as text extraction returns them from each page.
        var text = new StringBuilder();
        var pages = (body.Count / LinesPerPage) + 1;
        for (var i = 0; i < body.Count; i++)
        {
            if (i % LinesPerPage == 0 && variant % 2 == 1)
            {
                text.Append("Curriculum Vitae").Append('\n');
            }

            text.Append(body[i]).Append('\n');
            if ((i + 1) % LinesPerPage == 0 || i == body.Count - 1)
            {
                text.Append($"Page {(i / LinesPerPage) + 1} of {pages}").Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Pick(string[] from, Random random) => from[random.Next(from.Length)];

    private static string Company(Random random) =>
        Pick(["Northgate", "Riverside", "Oakwood", "Harbour", "Summit", "Meridian", "Beacon", "Crown"], random) + " " + Pick(["Group", "Ltd", "Services", "Partners", "Trust", "& Co"], random);
}
