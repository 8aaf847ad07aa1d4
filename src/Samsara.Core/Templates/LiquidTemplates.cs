using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace Samsara.Core.Templates;

/// <summary>The result of rendering one template text: either the text, or the variables that had no value.</summary>
public sealed record RenderedText(string? Text, IReadOnlyList<string> MissingVariables)
{
    public bool IsComplete => MissingVariables.Count == 0;
}

/// <summary>
/// Liquid through Fluid: parsing with located errors, save-time checks of variable and filter names, and rendering
/// that reports missing values instead of printing empty strings. Parsed templates are cached by source text, at most
/// <see cref="TemplateLimits.MaxCachedTemplates"/> of them. Every render runs within <see cref="TemplateLimits"/>.
/// </summary>
public sealed partial class LiquidTemplates
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions options = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> cache = new(StringComparer.Ordinal);

    public LiquidTemplates()
    {
        // A runaway loop in a user's template must not hang a send.
        options.MaxSteps = TemplateLimits.MaxSteps;
        options.MaxRecursion = TemplateLimits.MaxRecursion;
        // Doubling a string with assign grows it exponentially within a few steps; stop it before it is built again.
        options.Assigned = (name, value, context) => value is StringValue text && text.ToStringValue().Length > TemplateLimits.MaxOutputCharacters
            ? throw new TemplateLimitException($"'{name}' would hold more than {TemplateLimits.MaxOutputCharacters:N0} characters.")
            : new ValueTask<FluidValue>(value);
        // Filters whose result is a product of their inputs are sized before they run: one `join` or `replace` of a
        // long value could otherwise build gigabytes inside a single step.
        GuardSize("join", (input, arguments, context) =>
        {
            var items = input.Enumerate(context).Select(i => (long)i.ToStringValue().Length).ToList();
            return items.Sum() + ((long)arguments.At(0).ToStringValue().Length * Math.Max(0, items.Count - 1));
        });
        GuardSize("replace", (input, arguments, _) =>
        {
            var text = input.ToStringValue();
            var find = arguments.At(0).ToStringValue();
            var occurrences = find.Length == 0 ? text.Length + 1 : (text.Length - text.Replace(find, "", StringComparison.Ordinal).Length) / find.Length;
            return text.Length + ((long)occurrences * arguments.At(1).ToStringValue().Length);
        });

        // A missing value is not nil (nil prints nothing, hiding the gap), so `default` is taught to treat it as nil.
        if (options.Filters.TryGetValue("default", out var builtInDefault))
        {
            options.Filters.AddFilter("default", (input, arguments, context) =>
                builtInDefault(input is MissingValue ? NilValue.Instance : input, arguments, context));
        }
    }

    private void GuardSize(string filter, Func<FluidValue, FilterArguments, TemplateContext, long> resultLength)
    {
        if (!options.Filters.TryGetValue(filter, out var builtIn))
        {
            return;
        }

        options.Filters.AddFilter(filter, (input, arguments, context) => resultLength(input, arguments, context) > TemplateLimits.MaxOutputCharacters
            ? throw new TemplateLimitException($"The '{filter}' filter would make a text longer than {TemplateLimits.MaxOutputCharacters:N0} characters.")
            : builtIn(input, arguments, context));
    }

    /// <summary>Every problem with one field of a template: syntax errors, unknown variables, unknown filters.</summary>
    public IReadOnlyList<TemplateProblem> Validate(string source, string field)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            return [SyntaxProblem(field, error)];
        }

        var problems = new List<TemplateProblem>();
        var ranges = new RangeLimitCollector();
        ranges.VisitTemplate(template);
        problems.AddRange(ranges.Problems.Distinct().Select(p => new TemplateProblem(field, RangeLine(source), null, p)));
        var references = VariableReferenceCollector.Collect(template);
        foreach (var path in references.Paths.DistinctBy(p => string.Join('.', p)))
        {
            if (references.IsLocal(path[0]))
            {
                continue;
            }

            var member = path.Count > 1 ? path[1] : null;
            var subMember = path.Count > 2 ? path[2] : null;
            if (!TemplateVariables.IsKnown(path[0], member, subMember))
            {
                var name = string.Join('.', path);
                problems.Add(new TemplateProblem(field, LineOf(source, path), name, $"Unknown variable '{name}'. Known: {KnownVariablesHint(path[0])}."));
            }
        }

        foreach (var tag in references.UnsupportedTags.Distinct(StringComparer.Ordinal))
        {
            var line = Regex.Match(source, $@"\{{%-?\s*{tag}\b", RegexOptions.None, TimeSpan.FromSeconds(1));
            problems.Add(new TemplateProblem(field, line.Success ? LineAt(source, line.Index) : null, tag, $"The '{tag}' tag is not supported: a template cannot include other files."));
        }

        foreach (var filter in references.Filters.Distinct(StringComparer.Ordinal))
        {
            if (!options.Filters.TryGetValue(filter, out _))
            {
                problems.Add(new TemplateProblem(field, LineOf(source, filter), filter, $"Unknown filter '{filter}'."));
            }
        }

        return problems;
    }

    /// <summary>The outside variables a valid source uses, as dotted paths (for the template's VariablesJson).</summary>
    public static IReadOnlyList<string> VariablesUsed(string source)
    {
        if (!Parser.TryParse(source, out var template, out _))
        {
            return [];
        }

        var references = VariableReferenceCollector.Collect(template);
        return references.Paths.Where(p => !references.IsLocal(p[0])).Select(p => string.Join('.', p)).Distinct().ToList();
    }

    /// <summary>
    /// Renders a source already validated at save time; a syntax error here means the row was written around the service.
    /// </summary>
    /// <exception cref="TemplateLimitException">The render would pass a <see cref="TemplateLimits"/> bound.</exception>
    public async ValueTask<RenderedText> RenderAsync(string source, TemplateVariables variables, TextEncoder encoder)
    {
        var template = Parse(source);
        var context = new TemplateContext(options);
        foreach (var (name, scope) in variables.Roots)
        {
            context.SetValue(name, scope);
        }

        using var writer = new BoundedWriter();
        try
        {
            await template.RenderAsync(writer, encoder, context);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            throw new TemplateLimitException(e.Message.Contains("statements", StringComparison.Ordinal)
                ? $"The template runs more than {TemplateLimits.MaxSteps:N0} steps."
                : $"The template nests deeper than {TemplateLimits.MaxRecursion} levels.");
        }

        var text = writer.ToString();
        var missing = MissingValueMarker.Find(text);
        return missing.Count == 0 ? new RenderedText(text, []) : new RenderedText(null, missing);
    }

    private IFluidTemplate Parse(string source)
    {
        if (cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new TemplateValidationException([SyntaxProblem("template", error)]);
        }

        // Rows saved before ranges were checked, or written around the service, are held to the same bound.
        var ranges = new RangeLimitCollector();
        ranges.VisitTemplate(template);
        if (ranges.Problems.Count > 0)
        {
            throw new TemplateLimitException(ranges.Problems[0]);
        }

        // Bounded: drafts previewed as the recruiter types are all different texts. Starting over is cheap (a parse).
        if (cache.Count >= TemplateLimits.MaxCachedTemplates)
        {
            cache.Clear();
        }

        cache[source] = template;
        return template;
    }

    /// <summary>Parsed templates held now (never more than <see cref="TemplateLimits.MaxCachedTemplates"/>).</summary>
    public int CachedTemplates => cache.Count;

    private static int? RangeLine(string source)
    {
        var match = Regex.Match(source, @"\.\.", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? LineAt(source, match.Index) : null;
    }

    private static TemplateProblem SyntaxProblem(string field, string error)
    {
        // Fluid reports "message at (line:column)" followed by the source; keep the message and the line.
        var match = Position().Match(error);
        var line = match.Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var message = error.Split('\n')[0].Trim();
        return new TemplateProblem(field, line, null, "Syntax error: " + message);
    }

    private static int? LineOf(string source, IReadOnlyList<string> path)
    {
        var pattern = string.Join(@"\s*\.\s*", path.Select(Regex.Escape));
        var match = Regex.Match(source, $@"(?<![A-Za-z0-9_.]){pattern}(?![A-Za-z0-9_])", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? LineAt(source, match.Index) : null;
    }

    private static int? LineOf(string source, string filter)
    {
        var match = Regex.Match(source, $@"\|\s*{Regex.Escape(filter)}(?![A-Za-z0-9_])", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? LineAt(source, match.Index) : null;
    }

    private static int LineAt(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    private static string KnownVariablesHint(string root) =>
        TemplateVariables.Catalogue.TryGetValue(root, out var members)
            ? string.Join(", ", members.Select(m => TemplateVariables.OpenPaths.Contains(root + "." + m) ? $"{root}.{m}.*" : $"{root}.{m}"))
            : string.Join(", ", TemplateVariables.Catalogue.Keys);

    [GeneratedRegex(@"at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();
}
