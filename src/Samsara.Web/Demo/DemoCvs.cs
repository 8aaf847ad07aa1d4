using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Samsara.Web.Demo;

/// <summary>One sample candidate of the demo project and what their sandbox script makes them do.</summary>
internal sealed record DemoPerson(string Name, string Phone, string Email, string Title, int Years, string City, string[] Skills, string WhatHappens);

/// <summary>
/// The demo project's dozen CVs, written by the app as PDFs (PdfPig's writer, Helvetica, ASCII only) and imported like any
/// upload. Each phone number or address is one of the sandbox's scripted candidates (<c>Samsara.Sandbox.DemoCandidates</c>),
/// so together they walk every branch of the pipeline: a reply, an opt-out, bounces, and AI screening calls that pass,
/// fail a knock-out, go unanswered, reach voicemail or come back unclear.
/// </summary>
internal static class DemoCvs
{
    private const string Mail = "candidates.sandbox.test";

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new("Ana Lima", "+44 7700 900001", "ana.lima@example.com", "Senior Backend Engineer", 8, "London",
            ["C#", ".NET", "ASP.NET Core", "PostgreSQL", "Docker", "Azure"], "replies to the SMS"),
        new("Ben Okafor", "+44 7700 900002", "ben.okafor@example.com", "Backend Developer", 5, "Manchester",
            ["C#", ".NET", "SQL Server", "RabbitMQ"], "answers STOP and is opted out everywhere"),
        new("Chloe Martin", "+44 7700 900003", "reply@" + Mail, "Software Engineer", 6, "Bristol",
            ["C#", ".NET", "PostgreSQL", "Kubernetes"], "ignores the SMS, replies to the email"),
        new("Dev Patel", "+44 7700 900004", "bounce@" + Mail, "Senior Software Engineer", 9, "Leeds",
            ["C#", ".NET", "ASP.NET Core", "PostgreSQL", "AWS"], "SMS undelivered, email bounces"),
        new("Elena Rossi", "+44 7700 900005", "elena.rossi@example.com", "Lead Backend Engineer", 10, "London",
            ["C#", ".NET", "ASP.NET Core", "PostgreSQL", "Docker", "Kafka"], "silent, then passes the AI screening call"),
        new("Farid Haddad", "+44 7700 900006", "farid.haddad@example.com", "Backend Engineer", 4, "Birmingham",
            ["C#", ".NET", "MySQL"], "silent, then fails a knock-out question on the call"),
        new("Grace Kim", "+44 7700 900007", "grace.kim@example.com", "Platform Engineer", 7, "Edinburgh",
            ["C#", ".NET", "Terraform", "Azure"], "silent, does not answer the call"),
        new("Hugo Silva", "+44 7700 900008", "hugo.silva@example.com", "Software Developer", 3, "Glasgow",
            ["C#", "ASP.NET Core", "PostgreSQL"], "silent, the call reaches voicemail"),
        new("Ines Duarte", "+44 7700 900009", "ines.duarte@example.com", "Senior .NET Developer", 8, "Cambridge",
            ["C#", ".NET", "ASP.NET Core", "PostgreSQL", "Redis"], "silent, hedges on the call (needs you)"),
        new("Jonas Berg", "+44 7700 900010", "away@" + Mail, "Backend Engineer", 6, "Oxford",
            ["C#", ".NET", "PostgreSQL", "gRPC"], "out of office by email, line busy on the call"),
        new("Kira Novak", "+44 7700 900011", "unsubscribe@" + Mail, "Software Engineer", 5, "Cardiff",
            ["C#", ".NET", "Docker"], "unsubscribes from the email"),
        new("Liam Walsh", "+44 7700 900013", "liam.walsh@example.com", "Senior Backend Engineer", 9, "Reading",
            ["C#", ".NET", "ASP.NET Core", "PostgreSQL", "Azure", "Docker"], "silent, screened after the provider stumbles for a minute"),
    ];

    public const string JobTitle = "Senior Backend Engineer (demo)";

    public const string JobDescription = """
        Senior Backend Engineer - Sandbox Ltd (London, hybrid)

        We build the APIs behind a busy marketplace and are looking for a senior engineer to own services end to end.

        Required:
        - 5+ years building backend services in C# and .NET
        - ASP.NET Core web APIs
        - PostgreSQL, including schema design and query tuning
        - Docker and a cloud platform (Azure or AWS)

        Nice to have:
        - Kafka or RabbitMQ
        - Kubernetes
        - Redis
        """;

    public static IEnumerable<(string FileName, byte[] Content)> Files() =>
        People.Select((p, i) => ($"demo-cv-{i + 1:D2}-{p.Name.Replace(' ', '-').ToLowerInvariant()}.pdf", Pdf(p)));

    private static byte[] Pdf(DemoPerson p)
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(595, 842);
        var y = 790.0;
        void Line(string text, double size = 10, bool strong = false, double gap = 6)
        {
            page.AddText(text, size, new PdfPoint(50, y), strong ? bold : regular);
            y -= size + gap;
        }

        Line(p.Name, 20, strong: true);
        Line(p.Title);
        Line($"Phone: {p.Phone}");
        Line($"Email: {p.Email}");
        Line($"Location: {p.City}, United Kingdom", gap: 16);
        Line("Profile", 13, strong: true);
        Line($"{p.Title} with {p.Years} years of experience building backend services.", gap: 16);
        Line("Experience", 13, strong: true);
        Line($"{p.Title}, Northwind Systems, {2025 - p.Years / 2} - present", strong: true);
        Line($"- Built and ran services in {string.Join(", ", p.Skills.Take(3))}.");
        Line("- Mentored engineers and led design reviews.", gap: 10);
        Line($"Software Engineer, Contoso Ltd, {2025 - p.Years} - {2025 - p.Years / 2}", strong: true);
        Line($"- Worked with {string.Join(", ", p.Skills.Skip(3).DefaultIfEmpty("C#"))}.", gap: 16);
        Line("Skills", 13, strong: true);
        Line(string.Join(", ", p.Skills), gap: 16);
        Line("Education", 13, strong: true);
        Line("BSc Computer Science, University of Leeds");
        return builder.Build();
    }
}
