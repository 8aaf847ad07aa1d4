namespace Samsara.Core.Templates;

/// <summary>One thing wrong with a template, located so the editor can point at it.</summary>
/// <param name="Field">"subject" or "body".</param>
/// <param name="Line">1-based line in that field, or null when it cannot be located.</param>
/// <param name="Name">The unknown variable or filter, when that is the problem.</param>
/// <param name="Message">What is wrong, in words the editor shows.</param>
public sealed record TemplateProblem(string Field, int? Line, string? Name, string Message)
{
    public override string ToString() => Line is null ? $"{Field}: {Message}" : $"{Field}, line {Line}: {Message}";
}

/// <summary>Thrown when a template cannot be saved; carries every problem found, not just the first.</summary>
public sealed class TemplateValidationException(IReadOnlyList<TemplateProblem> problems)
    : Exception("Template is invalid: " + string.Join("; ", problems))
{
    public IReadOnlyList<TemplateProblem> Problems { get; } = problems;
}
