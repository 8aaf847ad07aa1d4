using System.Globalization;
using System.Text;
using Fluid.Ast;
using Fluid.Values;

namespace Samsara.Core.Templates;

/// <summary>
/// What one render of a recruiter's template may cost. A message is a few hundred characters; these bounds are far above
/// any real template and far below what hurts the machine (issue 10: a preview of a 100,000,000-step loop took 29 s and 5 GB).
/// </summary>
public static class TemplateLimits
{
    /// <summary>Statements executed per render (Fluid's MaxSteps).</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Nesting depth of blocks (Fluid's MaxRecursion; include and render are refused anyway).</summary>
    public const int MaxRecursion = 20;

    /// <summary>Characters one render may produce, and the longest value one assign or capture may hold.</summary>
    public const int MaxOutputCharacters = 100_000;

    /// <summary>Numbers in one <c>(a..b)</c> range: Fluid builds the whole range before the step limit can stop it.</summary>
    public const int MaxRangeSize = 1_000;

    /// <summary>
    /// Rounds of nested loops, estimated before the render: Fluid counts no step for a round with an empty body, so a few
    /// nested empty loops could spin for hours inside the step limit.
    /// </summary>
    public const long MaxLoopRounds = 100_000;

    /// <summary>Rounds assumed for a loop over a list (a candidate's skills, a split text) that gives no <c>limit:</c>.</summary>
    public const int AssumedListLength = 1_000;

    /// <summary>Parsed templates kept in memory (each key is at most a 20,000-character body).</summary>
    public const int MaxCachedTemplates = 500;
}

/// <summary>A render stopped by a <see cref="TemplateLimits"/> bound; <see cref="Exception.Message"/> is for the recruiter.</summary>
public sealed class TemplateLimitException(string message) : Exception(message);

/// <summary>
/// Finds what a render could not afford, before it runs: ranges whose bounds are not numbers written in the template or
/// span too many numbers, and <c>capture</c>, whose text grows outside the render's bounded output.
/// </summary>
internal sealed class RangeLimitCollector : AstVisitor
{
    public List<string> Problems { get; } = [];

    private long rounds = 1;

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        var outer = rounds;
        var own = forStatement.Source is RangeExpression range && Number(range.From) is { } from && Number(range.To) is { } to
            ? Math.Max(0, (long)Math.Min(to - from + 1, TemplateLimits.MaxRangeSize + 1))
            : TemplateLimits.AssumedListLength;
        if (Number(forStatement.Limit) is { } limit)
        {
            own = Math.Min(own, Math.Max(0, (long)Math.Min(limit, long.MaxValue / 2)));
        }

        rounds = Math.Min(outer * Math.Max(own, 1), long.MaxValue / TemplateLimits.MaxRangeSize);
        if (rounds > TemplateLimits.MaxLoopRounds && outer <= TemplateLimits.MaxLoopRounds)
        {
            Problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Nested loops could run {rounds:N0} rounds; a template may run at most {TemplateLimits.MaxLoopRounds:N0} (a loop over a list counts as {TemplateLimits.AssumedListLength:N0} unless it gives limit:)."));
        }

        var result = base.VisitForStatement(forStatement);
        rounds = outer;
        return result;
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        Problems.Add("The 'capture' tag is not supported: use assign.");
        return base.VisitCaptureStatement(captureStatement);
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        if (Number(rangeExpression.From) is not { } from || Number(rangeExpression.To) is not { } to)
        {
            Problems.Add("A range needs numbers written in the template, e.g. (1..5); a range from a variable could be any size.");
        }
        else if (to - from + 1 > TemplateLimits.MaxRangeSize)
        {
            Problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"The range ({from}..{to}) has {to - from + 1:N0} numbers; a template may loop over at most {TemplateLimits.MaxRangeSize:N0}."));
        }

        return base.VisitRangeExpression(rangeExpression);
    }

    private static decimal? Number(Expression? expression) =>
        expression is LiteralExpression { Value: NumberValue number } ? number.ToNumberValue() : null;
}

/// <summary>Collects a render's output and stops it once it passes <see cref="TemplateLimits.MaxOutputCharacters"/>.</summary>
internal sealed class BoundedWriter() : StringWriter(CultureInfo.InvariantCulture)
{
    public override void Write(char value)
    {
        Check(1);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Check(count);
        base.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        Check(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
    {
        Check(value?.Length ?? 0);
        return base.WriteAsync(value, cancellationToken);
    }

    private void Check(int adding)
    {
        if (GetStringBuilder().Length + adding > TemplateLimits.MaxOutputCharacters)
        {
            throw new TemplateLimitException(string.Create(CultureInfo.InvariantCulture,
                $"The message would be longer than {TemplateLimits.MaxOutputCharacters:N0} characters."));
        }
    }
}
