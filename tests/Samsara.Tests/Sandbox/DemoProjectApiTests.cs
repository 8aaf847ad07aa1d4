using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
using Samsara.Testing;

namespace Samsara.Tests.Sandbox;

/// <summary>Issue 19: "Try the demo project" as the API makes it (the dashboard button calls the same service).</summary>
public sealed class DemoProjectApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostDemoProject_SandboxMode_JobTemplatesSequenceAndTwelveCandidatesEnrolled()
    {
        await using var app = SamsaraAppFactory.StartWithSandbox();
        using var client = app.CreateClient();

        var response = await client.PostAsync(new Uri("/api/v1/demo-project", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Contains("ASP.NET Core", (await app.Service<Samsara.Core.Candidates.CandidateService>().GetJobDescriptionAsync(id, Ct))!.RawText, StringComparison.Ordinal);
        Assert.Equal(2, (await app.Service<TemplateService>().ListAsync(id, Ct)).Count(t => t.ProjectId == id));
        var sequence = Assert.Single((await app.Service<SequenceService>().ListAsync(id, Ct))!);
        Assert.True(sequence.IsDefault);
        Assert.Equal([StepChannel.Sms, StepChannel.Email], sequence.Steps.Select(s => s.Channel));

        // The CVs import in the parser workers; everyone is enrolled once the last one is in.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        IReadOnlyList<OutreachRow>? rows;
        while ((rows = await app.Service<OutreachService>().ListAsync(id)) is not { Count: 12 })
        {
            Assert.True(DateTime.UtcNow < deadline, $"{rows?.Count ?? 0} of 12 demo candidates enrolled after 3 minutes.");
            await Task.Delay(250, Ct);
        }

        // Read from the generated PDFs as the sandbox's scripted candidates: +44 7700 900001 replies, 002 answers STOP, ...
        Assert.Equal("+447700900001", Assert.Single(rows, r => r.CandidateName == "Ana Lima").Phone);
        Assert.Equal("bounce@candidates.sandbox.test", Assert.Single(rows, r => r.CandidateName == "Dev Patel").Email);
        Assert.All(rows, r => Assert.Equal(CandidateState.Pending, r.State));
    }

    [Fact]
    public async Task PostDemoProject_RealProvidersConfigured_409AndNoProject()
    {
        await using var app = new SamsaraAppFactory(settings: new Dictionary<string, string?>
        {
            ["Samsara:Providers:Twilio:AccountSid"] = "AC" + new string('1', 32),
            ["Samsara:Providers:Twilio:AuthToken"] = "real-token",
            ["Samsara:Providers:Twilio:FromNumber"] = "+15005550006",
        });
        using var client = app.CreateClient();

        var response = await client.PostAsync(new Uri("/api/v1/demo-project", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct));
    }
}
