using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using Samsara.Tests.Email;

namespace Samsara.Tests.Templates;

public sealed class TemplateServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(Guid ProjectId, Guid CandidateId)> SeedAsync(TestServices services, string fullName = "Grace Hopper", string? location = "Arlington")
    {
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Id = Guid.NewGuid(), Name = "Compilers", ClientName = "Navy", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
        var candidate = new Candidate { Id = Guid.NewGuid(), ProjectId = project.Id, FullName = fullName, Email = "grace@example.test", Location = location, CreatedAt = now, UpdatedAt = now };
        var job = new JobDescription { Id = Guid.NewGuid(), ProjectId = project.Id, Title = "Compiler Lead", RawText = "Write compilers", CreatedAt = now, UpdatedAt = now };
        await using var db = await services.DbAsync();
        db.AddRange(project, candidate, job);
        await db.SaveChangesAsync(Ct);
        return (project.Id, candidate.Id);
    }

    [Fact]
    public async Task CreateAsync_ValidEmailTemplate_StoresItWithVariablesUsed()
    {
        await using var services = await TestServices.StartAsync();
        var templates = services.Get<TemplateService>();

        var saved = await templates.CreateAsync(new TemplateInput { Name = "Intro", Channel = MessageChannel.Email, Subject = "{{ job.title }}", Body = "Hi {{ candidate.first_name }}" }, Ct);

        var loaded = await templates.GetAsync(saved.Id, Ct);
        Assert.Equal("Intro", loaded!.Name);
        Assert.Equal("""["candidate.first_name","job.title"]""", loaded.VariablesJson);
    }

    [Fact]
    public async Task CreateAsync_UnknownVariable_IsRejectedWithNameAndLine()
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<TemplateValidationException>(() => services.Get<TemplateService>().CreateAsync(
            new TemplateInput { Name = "Bad", Channel = MessageChannel.Sms, Body = "Hi\n{{ candidate.firstname }}" }, Ct));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("candidate.firstname", 2), (problem.Name, problem.Line));
        Assert.Empty(await services.Get<TemplateService>().ListAsync(null, Ct));
    }

    [Fact]
    public async Task CreateAsync_SyntaxErrorInSubject_IsRejected()
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<TemplateValidationException>(() => services.Get<TemplateService>().CreateAsync(
            new TemplateInput { Name = "Bad", Channel = MessageChannel.Email, Subject = "{% if %}", Body = "ok" }, Ct));

        Assert.Equal("subject", Assert.Single(error.Problems).Field);
    }

    [Fact]
    public async Task CreateAsync_EmailWithoutSubject_IsRejected()
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<InputValidationException>(() => services.Get<TemplateService>().CreateAsync(
            new TemplateInput { Name = "No subject", Channel = MessageChannel.Email, Body = "ok" }, Ct));

        Assert.Contains("subject", error.Errors.Keys);
    }

    [Fact]
    public async Task UpdateAsync_InvalidBody_LeavesStoredTemplateUnchanged()
    {
        await using var services = await TestServices.StartAsync();
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput { Name = "Sms", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}" }, Ct);

        await Assert.ThrowsAsync<TemplateValidationException>(() => templates.UpdateAsync(saved.Id, new TemplateInput { Name = "Sms", Channel = MessageChannel.Sms, Body = "{{ nope }}" }, Ct));

        Assert.Equal("Hi {{ candidate.first_name }}", (await templates.GetAsync(saved.Id, Ct))!.Body);
    }

    [Fact]
    public async Task PreviewAsync_SmsForCandidate_RendersWithSegmentInfo()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, candidateId) = await SeedAsync(services);
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Sms", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}, {{ job.title }} role? {{ recruiter.name }}" }, Ct);

        var preview = await templates.PreviewAsync(saved.Id, candidateId, ct: Ct);

        Assert.True(preview!.CanSend);
        Assert.Equal("Hi Grace, Compiler Lead role? Rita Recruiter", preview.Text);
        Assert.Equal(SmsEncoding.Gsm7, preview.Sms!.Encoding);
        Assert.Equal(1, preview.Sms.Segments);
    }

    [Fact]
    public async Task PreviewAsync_CandidateWithoutLocation_IsBlockedWithReason()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, candidateId) = await SeedAsync(services, location: null);
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Sms", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }} in {{ candidate.location }}" }, Ct);

        var preview = await templates.PreviewAsync(saved.Id, candidateId, ct: Ct);

        Assert.False(preview!.CanSend);
        Assert.Null(preview.Text);
        Assert.Equal(["candidate.location"], preview.MissingVariables);
        Assert.Contains("candidate.location has no value", preview.BlockedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewAsync_SmsOverLimit_IsBlocked()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, candidateId) = await SeedAsync(services);
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Long", Channel = MessageChannel.Sms, Body = new string('x', 1601) }, Ct);

        var preview = await templates.PreviewAsync(saved.Id, candidateId, ct: Ct);

        Assert.False(preview!.CanSend);
        Assert.Contains("1601 characters", preview.BlockedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewAsync_HtmlEmail_IsSanitisedAndHasPlainText()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, candidateId) = await SeedAsync(services);
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput
        {
            ProjectId = projectId,
            Name = "Html",
            Channel = MessageChannel.Email,
            Subject = "{{ job.title }}\nat {{ project.client_name }}",
            Body = "<p onclick=\"steal()\">Hi <b>{{ candidate.first_name }}</b></p><script>alert(1)</script><p>See <a href=\"https://jobs.test/1\">the job</a></p>",
        }, Ct);

        var preview = await templates.PreviewAsync(saved.Id, candidateId, ct: Ct);

        Assert.True(preview!.CanSend);
        Assert.Equal("Compiler Lead at Navy", preview.Subject);
        Assert.DoesNotContain("script", preview.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", preview.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>Grace</b>", preview.Html, StringComparison.Ordinal);
        Assert.Equal("Hi Grace\n\nSee the job (https://jobs.test/1)", preview.Text);
    }

    [Fact]
    public async Task PreviewAsync_PlainTextEmail_GetsHtmlParagraphs()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, candidateId) = await SeedAsync(services, fullName: "Tom <Jones>");
        var templates = services.Get<TemplateService>();
        var saved = await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Text", Channel = MessageChannel.Email, Subject = "Hello", Body = "Hi {{ candidate.full_name }}\n\n{{ recruiter.signature }}" }, Ct);

        var preview = await templates.PreviewAsync(saved.Id, candidateId, ct: Ct);

        Assert.Equal("Hi Tom <Jones>\n\nRita, Agency Ltd", preview!.Text);
        Assert.Equal("<p>Hi Tom &lt;Jones&gt;</p>\n<p>Rita, Agency Ltd</p>", preview.Html);
    }

    [Fact]
    public async Task ListAsync_ForProject_ReturnsGlobalAndOwnTemplatesOnly()
    {
        await using var services = await TestServices.StartAsync();
        var (projectId, _) = await SeedAsync(services);
        var (otherProjectId, _) = await SeedAsync(services);
        var templates = services.Get<TemplateService>();
        await templates.CreateAsync(new TemplateInput { Name = "Global", Channel = MessageChannel.Sms, Body = "a" }, Ct);
        await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Mine", Channel = MessageChannel.Sms, Body = "b" }, Ct);
        await templates.CreateAsync(new TemplateInput { ProjectId = otherProjectId, Name = "Theirs", Channel = MessageChannel.Sms, Body = "c" }, Ct);

        var list = await templates.ListAsync(projectId, Ct);

        Assert.Equal(["Mine", "Global"], list.Select(t => t.Name));
    }
}
