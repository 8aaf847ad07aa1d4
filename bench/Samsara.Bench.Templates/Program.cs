using System.Diagnostics;
using System.Globalization;
using Fluid;
using Samsara.Core.Candidates;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

// Renders N personalised SMS bodies through Samsara's Liquid path (variables built per candidate, missing-value check
// included) and, as the baseline in the same run, the same substitutions with plain string.Replace.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
const string Liquid = "Hi {{ candidate.first_name }}, I'm {{ recruiter.name }} recruiting a {{ job.title }} for {{ project.client_name }} in {{ candidate.location }}. Interested? Reply STOP to opt out.";
const string Plain = "Hi {first_name}, I'm {recruiter_name} recruiting a {job_title} for {client_name} in {location}. Interested? Reply STOP to opt out.";

var project = new Project { Name = "Bench", ClientName = "Acme Ltd" };
var job = new JobDescription { Title = "Senior .NET Engineer", RawText = "x" };
var recruiter = new RecruiterProfile("Rita Recruiter", "rita@agency.test", "Rita");
var candidates = Enumerable.Range(0, 1000)
    .Select(i => new Candidate { FullName = $"Candidate{i} Surname{i}", Location = $"City {i % 50}", Email = $"c{i}@example.test" })
    .ToArray();

var liquid = new LiquidTemplates();
var check = await liquid.RenderAsync(Liquid, TemplateVariables.For(candidates[0], project, job, recruiter), NullEncoder.Default);
if (!check.IsComplete)
{
    throw new InvalidOperationException("Bench template does not render: " + string.Join(", ", check.MissingVariables));
}

async Task<long> RunLiquid(int n)
{
    long chars = 0;
    for (var i = 0; i < n; i++)
    {
        var c = candidates[i % candidates.Length];
        var rendered = await liquid.RenderAsync(Liquid, TemplateVariables.For(c, project, job, recruiter), NullEncoder.Default);
        chars += rendered.Text!.Length;
    }

    return chars;
}

long RunReplace(int n)
{
    long chars = 0;
    for (var i = 0; i < n; i++)
    {
        var c = candidates[i % candidates.Length];
        var text = Plain
            .Replace("{first_name}", c.FullName.Split(' ')[0], StringComparison.Ordinal)
            .Replace("{recruiter_name}", recruiter.Name, StringComparison.Ordinal)
            .Replace("{job_title}", job.Title, StringComparison.Ordinal)
            .Replace("{client_name}", project.ClientName, StringComparison.Ordinal)
            .Replace("{location}", c.Location, StringComparison.Ordinal);
        chars += text.Length;
    }

    return chars;
}

// Warm-up so the JIT and Fluid's parse cache are not in the measurement.
await RunLiquid(5_000);
RunReplace(5_000);

var sw = Stopwatch.StartNew();
var liquidChars = await RunLiquid(count);
var liquidSeconds = sw.Elapsed.TotalSeconds;
sw.Restart();
var replaceChars = RunReplace(count);
var replaceSeconds = sw.Elapsed.TotalSeconds;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"templates rendered: {count:N0} (Liquid output {liquidChars:N0} chars, baseline {replaceChars:N0} chars)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Samsara Liquid render : {count / liquidSeconds,12:N0} renders/s  ({liquidSeconds:F2} s)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"string.Replace baseline: {count / replaceSeconds,12:N0} renders/s  ({replaceSeconds:F2} s)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Liquid cost per render : {liquidSeconds / count * 1e6:F2} us vs {replaceSeconds / count * 1e6:F2} us"));
