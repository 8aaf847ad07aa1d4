using Fluid;
using Samsara.Core.Candidates;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Tests.Templates;

public sealed class LiquidTemplatesTests
{
    private readonly LiquidTemplates liquid = new();

    private static TemplateVariables Variables(string fullName = "Ada Lovelace", string? location = "London", string? cvJson = null) =>
        TemplateVariables.For(
            new Candidate { FullName = fullName, Email = "ada@example.test", Location = location, CurrentTitle = "Analyst", CvJson = cvJson },
            new Project { Name = "Engine", ClientName = "Babbage & Co" },
            new JobDescription { Title = "Senior Engineer", RawText = "Build engines" },
            new RecruiterProfile("Rita", "rita@agency.test", "Rita, Agency"));

    [Fact]
    public void Validate_KnownVariables_NoProblems()
    {
        var problems = liquid.Validate("Hi {{ candidate.first_name }}, {{ job.title }} at {{ project.client_name }}. {{ recruiter.signature }}", "body");

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_UnknownVariable_ReportsNameAndLine()
    {
        var problems = liquid.Validate("Hello\nthere\nHi {{ candidate.frist_name }}", "body");

        var problem = Assert.Single(problems);
        Assert.Equal("candidate.frist_name", problem.Name);
        Assert.Equal(3, problem.Line);
        Assert.Equal("body", problem.Field);
        Assert.Contains("candidate.first_name", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownRoot_IsReported()
    {
        var problems = liquid.Validate("{{ client.name }}", "subject");

        Assert.Equal("client.name", Assert.Single(problems).Name);
    }

    [Fact]
    public void Validate_UnknownVariableInsideIfCondition_IsReported()
    {
        var problems = liquid.Validate("{% if candidate.nickname %}x{% endif %}", "body");

        Assert.Equal("candidate.nickname", Assert.Single(problems).Name);
    }

    [Fact]
    public void Validate_SyntaxError_ReportsLine()
    {
        var problems = liquid.Validate("Hello\n{% if candidate.first_name %}\nno end", "body");

        var problem = Assert.Single(problems);
        Assert.StartsWith("Syntax error", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void Validate_UnclosedOutput_ReportsLineOfError()
    {
        var problems = liquid.Validate("line one\nHi {{ candidate.first_name }", "body");

        Assert.Equal(2, Assert.Single(problems).Line);
    }

    [Fact]
    public void Validate_UnknownFilter_IsReported()
    {
        var problems = liquid.Validate("Hi {{ candidate.first_name | shout }}", "body");

        var problem = Assert.Single(problems);
        Assert.Equal("shout", problem.Name);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Validate_AssignedAndLoopVariables_AreNotUnknown()
    {
        var problems = liquid.Validate("{% assign greeting = 'Hi' %}{% for s in candidate.cv.skills %}{{ s }}{{ forloop.index }}{% endfor %}{{ greeting }}", "body");

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("include")]
    [InlineData("render")]
    public void Validate_TagsThatReadFiles_AreRejected(string tag)
    {
        var problems = liquid.Validate($"Hi\n{{% {tag} 'footer' %}}", "body");

        var problem = Assert.Single(problems);
        Assert.Equal((tag, 2), (problem.Name, problem.Line));
    }

    [Fact]
    public void Validate_CvFields_AreOpen()
    {
        Assert.Empty(liquid.Validate("{{ candidate.cv.anything_at_all }}", "body"));
    }

    [Fact]
    public async Task RenderAsync_AllValuesPresent_RendersText()
    {
        var rendered = await liquid.RenderAsync("Hi {{ candidate.first_name }} {{ candidate.last_name }}, {{ job.title }} in {{ candidate.location }}", Variables(), NullEncoder.Default);

        Assert.True(rendered.IsComplete);
        Assert.Equal("Hi Ada Lovelace, Senior Engineer in London", rendered.Text);
    }

    [Fact]
    public async Task RenderAsync_MissingFirstName_BlocksInsteadOfPrintingGap()
    {
        var rendered = await liquid.RenderAsync("Hi {{ candidate.first_name }},", Variables(fullName: " "), NullEncoder.Default);

        Assert.False(rendered.IsComplete);
        Assert.Null(rendered.Text);
        Assert.Equal(["candidate.first_name"], rendered.MissingVariables);
    }

    [Fact]
    public async Task RenderAsync_MissingValueThroughFilter_StillBlocks()
    {
        var rendered = await liquid.RenderAsync("Hi {{ candidate.location | upcase }}", Variables(location: null), NullEncoder.Default);

        Assert.Equal(["candidate.location"], rendered.MissingVariables);
    }

    [Fact]
    public async Task RenderAsync_MissingValueGuardedByIf_RendersElseBranch()
    {
        var rendered = await liquid.RenderAsync("Hi{% if candidate.location %} from {{ candidate.location }}{% else %} there{% endif %}", Variables(location: null), NullEncoder.Default);

        Assert.Equal("Hi there", rendered.Text);
    }

    [Fact]
    public async Task RenderAsync_MissingValueWithDefaultFilter_UsesDefault()
    {
        var rendered = await liquid.RenderAsync("Hi {{ candidate.last_name | default: 'friend' }}", Variables(fullName: "Cher"), NullEncoder.Default);

        Assert.Equal("Hi friend", rendered.Text);
    }

    [Fact]
    public async Task RenderAsync_CvJsonFields_AreAvailableAndUnwrapped()
    {
        const string cv = """{"skills":{"value":["C#","SQL"],"confidence":0.9},"university":"UCL"}""";

        var rendered = await liquid.RenderAsync("{{ candidate.cv.university }}: {{ candidate.cv.skills | join: ', ' }}", Variables(cvJson: cv), NullEncoder.Default);

        Assert.Equal("UCL: C#, SQL", rendered.Text);
    }

    [Fact]
    public async Task RenderAsync_MissingCvField_Blocks()
    {
        var rendered = await liquid.RenderAsync("{{ candidate.cv.university }}", Variables(cvJson: """{"skills":[]}"""), NullEncoder.Default);

        Assert.Equal(["candidate.cv.university"], rendered.MissingVariables);
    }

    [Fact]
    public async Task RenderAsync_HtmlEncoder_EscapesCandidateValues()
    {
        var variables = TemplateVariables.For(new Candidate { FullName = "<script>x</script> Evil" }, null, null, null);

        var rendered = await liquid.RenderAsync("<p>{{ candidate.full_name }}</p>", variables, System.Text.Encodings.Web.HtmlEncoder.Default);

        Assert.DoesNotContain("<script>", rendered.Text, StringComparison.Ordinal);
    }
}
