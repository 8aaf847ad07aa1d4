using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;

namespace Samsara.Core.Templates;

/// <summary>
/// Stands in for a known variable that has no value for this candidate. It is falsy, so
/// <c>{% if candidate.location %}</c> works as users expect (and <c>default</c> treats it as nil); printed, it leaves a marker
/// that <see cref="MissingValueMarker"/> finds, and the send is blocked instead of going out as "Hi ,".
/// </summary>
internal sealed class MissingValue(string path) : FluidValue
{
    public string Path { get; } = path;

    public override FluidValues Type => FluidValues.Nil;

    // Not nil: Fluid prints nothing for nil values, and the marker must be printed to be found.
    public override bool IsNil() => false;

    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo)
    {
        writer.Write(ToStringValue());
        return ValueTask.CompletedTask;
    }

    public override bool Equals(FluidValue other) => other.IsNil() || (other is StringValue s && s.ToStringValue().Length == 0) || other == EmptyValue.Instance || other == BlankValue.Instance;

    public override bool ToBooleanValue() => false;

    public override decimal ToNumberValue() => 0;

    public override string ToStringValue() => MissingValueMarker.For(Path);

    public override object ToObjectValue() => null!;

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) => new(new MissingValue(Path + "." + name));

    public override bool Equals(object? obj) => obj is MissingValue m && m.Path == Path;

    public override int GetHashCode() => Path.GetHashCode(StringComparison.Ordinal);
}

internal static partial class MissingValueMarker
{
    // ASCII only, so HTML encoding leaves it intact; matched case-insensitively because filters like upcase touch it.
    public static string For(string path) => $"[[samsara-missing:{path}]]";

    public static IReadOnlyList<string> Find(string rendered)
    {
        if (!rendered.Contains("[[samsara-missing:", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return Marker().Matches(rendered).Select(m => m.Groups["path"].Value.ToLowerInvariant()).Distinct().ToList();
    }

    [GeneratedRegex(@"\[\[samsara-missing:(?<path>[A-Za-z0-9_.\-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
