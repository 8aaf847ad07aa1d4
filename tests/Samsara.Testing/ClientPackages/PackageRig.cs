using Microsoft.EntityFrameworkCore;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;

namespace Samsara.Testing;

/// <summary>A candidate as a client package sees them: who they are and how to reach them, spelt out so tests can look for every piece.</summary>
public sealed record PackagePerson(string Name, string Email, string Phone, string LinkedIn, string GitHub, string Street, string Employer);

/// <summary>
/// Puts screened candidates into a project the way the pipeline leaves them: a parsed CV (with contact details repeated
/// in the header, the footer, the summary and the work history), a match score, a finished AI screen with a
/// transcript, notes, and the candidate at ATS_READY.
/// </summary>
public static class PackageRig
{
    public static readonly PackagePerson Ada = new("Ada Lovelace-Byron", "ada.lb@candidates.test", "+447700900123", "https://www.linkedin.com/in/ada-lovelace-byron",
        "https://github.com/adalb", "12 Marlborough Road", "Babbage Engines");

    public static readonly PackagePerson Wang = new("王小明", "xiaoming.wang@candidates.test", "+8613800138000", "https://linkedin.com/in/wangxm", "https://github.com/wangxm",
        "88 Harbour Street", "Pearl River Tooling");

    private static readonly string[] FirstNames = ["Olivia", "Mateusz", "Siobhán", "Kwame", "Priya", "Jürgen", "Aoife", "Tomás", "Chloé", "Oluwaseun", "Hannah", "Rhys"];
    private static readonly string[] LastNames = ["Okafor", "Nowak", "Ní Bhriain", "Mensah", "Raghunathan", "Schäfer", "Gallagher", "Ferreira", "Dubois", "Adeyemi", "Whitfield", "Llewellyn"];

    /// <summary>The i-th of a crowd of distinct, plausible candidates (names with accents and spaces, unique contact details).</summary>
    public static PackagePerson Generated(int i)
    {
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[(i * 7 + i / FirstNames.Length) % LastNames.Length];
        var handle = $"{first[0]}{last.Replace(" ", "", StringComparison.Ordinal)}{i}".ToLowerInvariant();
        return new($"{first} {last}", $"{handle}@candidates.test", "+4477009" + (10_000 + i).ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            $"https://www.linkedin.com/in/{handle}", $"https://github.com/{handle}", $"{i + 3} Wellington Street", i % 2 == 0 ? "Kier Group" : "Morgan Sindall");
    }

    public static async Task<Guid> AddScreenedAsync(SamsaraAppFactory app, Guid projectId, PackagePerson p, int score = 85)
    {
        var candidate = await app.AddCandidateAsync(projectId, p.Name, p.Email, p.Phone, "Leeds, LS1 4AP");
        var header = $"{p.Name} | {p.Email} | {p.Phone.Replace("+44", "0", StringComparison.Ordinal)} | {p.LinkedIn}";
        var raw = $"""
            {header}
            {p.Street}, Leeds LS1 4AP

            Profile
            Site supervisor at {p.Employer}. Reach me on {p.Email} or 07700 900123, portfolio {p.GitHub}. {p.Name} is happy to relocate.

            Experience
            Site Supervisor, {p.Employer} 2019 - present
            Page 1 of 2 · {p.Name} · {p.Email}
            """;
        var cv = new CvDocument
        {
            FullName = new(p.Name, 0.9),
            Emails = new([p.Email, "personal." + p.Email], 0.9),
            Phones = new([p.Phone], 0.9),
            Location = new("Leeds", 0.9),
            CurrentTitle = new("Site Supervisor", 0.9),
            YearsExperience = new(9, 0.8),
            Skills = new(["NEBOSH", "SMSTS", "Programme planning"], 0.9),
            WorkHistory = new([
                new WorkEntry("Site Supervisor", $"{p.Employer} (contact {p.Email}, {p.Phone})", "2019", null, true),
                new WorkEntry($"Assistant to {p.Name.Split(' ')[0]}'s manager, see {p.LinkedIn}", "Holbeck Builders, 4 Canal Street", "2015", "2019", false),
            ], 0.8),
            Education = new([new EducationEntry($"HNC Construction, Leeds College of Building ({p.GitHub})", 2014)], 0.8),
            LinkedIn = new(p.LinkedIn, 0.9),
            GitHub = new(p.GitHub, 0.9),
        };
        await using (var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync())
        {
            var row = await db.Candidates.SingleAsync(c => c.Id == candidate.Id);
            row.CvJson = cv.ToJson();
            row.RawText = raw;
            row.Notes = $"Spoke to {p.Name} on {p.Phone}; prefers email {p.Email}. Currently at {p.Employer}.";
            row.CurrentTitle = "Site Supervisor";
            var job = await db.JobDescriptions.SingleOrDefaultAsync(j => j.ProjectId == projectId);
            if (job is null)
            {
                job = new JobDescription { Id = Guid.NewGuid(), ProjectId = projectId, Title = "Site Supervisor", RawText = "Site supervisor, NEBOSH required." };
                db.JobDescriptions.Add(job);
            }

            await db.SaveChangesAsync();
        }

        // The app's match refresher may score the candidate against this job at the same moment: write ours over its row.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteMatchAsync(app, projectId, candidate.Id, score);
                break;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                await Task.Delay(200);
            }
        }

        await app.MoveToAtsReadyAsync(projectId, candidate.Id);
        await AddScreeningCallAsync(app, projectId, candidate.Id, p);
        return candidate.Id;
    }

    private static async Task WriteMatchAsync(SamsaraAppFactory app, Guid projectId, Guid candidateId, int score)
    {
        await using (var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync())
        {
            var job = await db.JobDescriptions.SingleAsync(j => j.ProjectId == projectId);
            var explanation = new MatchExplanation(
                [new RequirementEvidence("NEBOSH", true, RequirementStatus.Found, "NEBOSH", null), new RequirementEvidence("CSCS", true, RequirementStatus.Missing, null, null)],
                null, true, "matches", "in Leeds", 40, 25, 12, 8);
            var match = await db.CvJdMatches.SingleOrDefaultAsync(m => m.CandidateId == candidateId && m.JobDescriptionId == job.Id);
            if (match is null)
            {
                match = new CvJdMatch { Id = Guid.NewGuid(), CandidateId = candidateId, JobDescriptionId = job.Id };
                db.CvJdMatches.Add(match);
            }

            (match.Score, match.ExplanationJson, match.ComputedAt) = (score, explanation.ToJson(), DateTimeOffset.UtcNow.AddDays(1));
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The turns of the AI screen, in order; turn 3 and 5 are the candidate's answers worth quoting.</summary>
    public static IReadOnlyList<CallTurn> Turns(PackagePerson p) =>
    [
        new(CallTurn.Agent, 0, 4, "Hello, this is the screening call about the site supervisor role."),
        new(CallTurn.Candidate, 4, 8, $"Hi, yes, {p.Name} speaking."),
        new(CallTurn.Agent, 8, 12, "Do you hold a valid CSCS card?"),
        new(CallTurn.Candidate, 12, 18, $"Yes, a gold card. My email is {p.Email} if you need a copy."),
        new(CallTurn.Agent, 18, 22, "What notice period do you have?"),
        new(CallTurn.Candidate, 22, 28, $"One month at {p.Employer}; call me on {p.Phone}."),
        new(CallTurn.Agent, 28, 30, "Thank you, goodbye."),
    ];

    private static async Task AddScreeningCallAsync(SamsaraAppFactory app, Guid projectId, Guid candidateId, PackagePerson p)
    {
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        var sequence = await db.OutreachSequences.SingleAsync(s => s.CandidateId == candidateId && s.ProjectId == projectId);
        var verdict = new ScreeningVerdict(ScreeningOutcome.Pass, 0.9, ["Every knock-out answer passed."],
        [
            new JudgedAnswer("Do you hold a valid CSCS card?", "no", $"Yes, a gold card. My email is {p.Email} if you need a copy.", AnswerVerdict.Passed, "yes", 8),
            new JudgedAnswer("What notice period do you have?", null, $"One month at {p.Employer}; call me on {p.Phone}.", AnswerVerdict.Passed, "answered", 18),
        ]);
        var call = new CallRecord
        {
            Id = Guid.NewGuid(),
            SequenceId = sequence.Id,
            CallType = CallType.AiScreening,
            PhoneNumber = p.Phone,
            Status = CallStatus.Completed,
            ScreeningOutcome = ScreeningOutcome.Pass,
            VerdictJson = verdict.ToJson(),
            Notes = $"Good call; {p.Name} sounded keen.",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.CallRecords.Add(call);
        db.Transcripts.Add(new Transcript
        {
            Id = Guid.NewGuid(),
            CallRecordId = call.Id,
            Provider = "vapi",
            Content = string.Join("\n", Turns(p).Select(t => t.Text)),
            SegmentsJson = CallTurns.ToJson(Turns(p)),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Every string by which the client could identify the person.</summary>
    public static IEnumerable<string> Identifying(PackagePerson p)
    {
        foreach (var part in p.Name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            yield return part;
        }

        yield return p.Name;
        yield return p.Email;
        yield return "personal." + p.Email;
        yield return p.Phone;
        yield return p.Phone[^10..];
        yield return "900123";
        yield return p.LinkedIn;
        yield return p.LinkedIn.Replace("https://", "", StringComparison.Ordinal).Replace("www.", "", StringComparison.Ordinal);
        yield return p.GitHub.Replace("https://", "", StringComparison.Ordinal);
        yield return p.Street;
        yield return "Canal Street";
        yield return "LS1 4AP";
        yield return p.Employer;
        yield return "linkedin";
        yield return "github";
    }
}
