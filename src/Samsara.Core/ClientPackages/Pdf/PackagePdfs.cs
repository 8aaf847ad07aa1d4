using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Samsara.Core.ClientPackages.Branding;

namespace Samsara.Core.ClientPackages.Pdf;

/// <summary>The metadata every generated PDF carries; built from the (possibly anonymised) display name only.</summary>
public sealed record PdfMetadata(string Title, string Author, string Subject);

/// <summary>Builds the package's PDFs: a branded CV, a one-page screening summary and the shortlist's comparison page.</summary>
public sealed class PackagePdfs(PdfFonts fonts)
{
    public byte[] Cv(CandidateDossier d, BrandingView brand)
    {
        var (document, flow) = Start(brand, new PdfMetadata($"CV: {d.DisplayName}", brand.AgencyName, "Curriculum vitae"), onePage: false);
        flow.Title(d.DisplayName);
        flow.Subtitle(string.Join(" · ", new[] { d.CurrentTitle, d.Location, Years(d.YearsExperience) }.Where(s => !string.IsNullOrWhiteSpace(s))));
        foreach (var line in d.Contact)
        {
            flow.Muted(line);
        }

        if (!string.IsNullOrWhiteSpace(d.Summary))
        {
            flow.Heading("Summary");
            flow.Paragraph(d.Summary);
        }

        if (d.Skills.Count > 0)
        {
            flow.Heading("Skills");
            flow.Paragraph(string.Join(" · ", d.Skills));
        }

        if (d.WorkHistory.Count > 0)
        {
            flow.Heading("Work history");
            foreach (var job in d.WorkHistory)
            {
                var what = string.Join(", ", new[] { job.Title, job.Company }.Where(s => !string.IsNullOrWhiteSpace(s)));
                flow.Paragraph(what, 10.5, bold: true);
                var when = Period(job.Start, job.End, job.IsCurrent);
                if (when.Length > 0)
                {
                    flow.Muted(when);
                }

                flow.Space(3);
            }
        }

        if (d.Education.Count > 0)
        {
            flow.Heading("Education");
            foreach (var e in d.Education)
            {
                flow.Bullet(e.Year is { } year ? $"{e.Text} ({year})" : e.Text);
            }
        }

        return Save(document, flow);
    }

    /// <summary>One page: what did not fit is cut and the page says so (the full CV is in the package).</summary>
    public byte[] ScreeningSummary(CandidateDossier d, BrandingView brand)
    {
        var (document, flow) = Start(brand, new PdfMetadata($"Screening summary: {d.DisplayName}", brand.AgencyName, "Screening summary"), onePage: true);
        flow.Title(d.DisplayName);
        flow.Subtitle("Screening summary" + (d.CurrentTitle is { Length: > 0 } t ? " · " + t : ""));
        flow.Heading(d.Score is { } score ? $"Match score: {score} / 100" : "Match score: not scored");
        foreach (var reason in d.ScoreReasons.Take(6))
        {
            flow.Bullet(reason, 9);
        }

        flow.Heading("AI screen: " + (d.ScreeningOutcome ?? "not screened by AI call"));
        foreach (var reason in d.ScreeningReasons.Take(3))
        {
            flow.Muted(reason);
        }

        foreach (var a in d.Answers.Take(8))
        {
            flow.Paragraph("Q: " + a.Question, 9, bold: true);
            flow.Paragraph("A: " + (a.Answer ?? "(not answered)") + $" [{a.Verdict}]", 9);
        }

        if (!string.IsNullOrWhiteSpace(d.RecruiterNotes))
        {
            flow.Heading("Recruiter's notes");
            flow.Paragraph(d.RecruiterNotes, 9);
        }

        if (d.Excerpts.Count > 0)
        {
            flow.Heading("From the screening call");
            foreach (var x in d.Excerpts)
            {
                if (x.Asked is { Length: > 0 } asked)
                {
                    flow.Muted("Asked: " + asked);
                }

                flow.Bullet("“" + x.Said + "”", 9);
            }
        }

        return Save(document, flow);
    }

    public byte[] Comparison(IReadOnlyList<CandidateDossier> shortlist, BrandingView brand, string projectName)
    {
        var (document, flow) = Start(brand, new PdfMetadata($"Shortlist: {projectName}", brand.AgencyName, "Candidate comparison"), onePage: false);
        flow.Title("Shortlist: " + projectName);
        flow.Subtitle($"{shortlist.Count} candidate{(shortlist.Count == 1 ? "" : "s")} · {brand.AgencyName}");
        double[] widths = [0.19, 0.08, 0.27, 0.14, 0.12, 0.1, 0.1];
        flow.Row(["Candidate", "Score", "Key skills", "Availability", "Salary", "Notice", "Screen"], widths, header: true);
        foreach (var d in shortlist)
        {
            flow.Row(
                [d.DisplayName, d.Score?.ToString(CultureInfo.InvariantCulture) ?? "–", string.Join(", ", d.Skills.Take(6)),
                 d.Availability ?? "–", d.SalaryExpectation ?? "–", d.NoticePeriod ?? "–", d.ScreeningOutcome ?? "–"],
                widths);
        }

        return Save(document, flow);
    }

    private (PdfDocument, PageFlow) Start(BrandingView brand, PdfMetadata meta, bool onePage)
    {
        var document = new PdfDocument();
        document.Info.Title = meta.Title;
        document.Info.Author = meta.Author;
        document.Info.Subject = meta.Subject;
        document.Info.Keywords = "";
        document.Info.Creator = "Samsara";
        var frame = new PageFrame(brand.AgencyName, Colour(brand.PrimaryColour), Colour(brand.AccentColour), brand.FooterLine, brand.RasterLogo);
        return (document, new PageFlow(document, fonts, frame, onePage));
    }

    private static byte[] Save(PdfDocument document, PageFlow flow)
    {
        flow.Finish();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static XColor Colour(string hex) => XColor.FromArgb(
        int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static string? Years(double? years) =>
        years is { } y ? string.Create(CultureInfo.InvariantCulture, $"{y:0.#} years' experience") : null;

    private static string Period(string? start, string? end, bool current) =>
        (start, current ? "present" : end) switch
        {
            (null or "", null or "") => "",
            (null or "", var e) => "until " + e,
            (var s, null or "") => "from " + s,
            var (s, e) => $"{s} – {e}",
        };
}
