using System.Globalization;
using Fluid;
using Fluid.Values;

namespace Samsara.Core.Templates;

/// <summary>
/// An object like <c>candidate</c> whose members are known variables. A member with no value answers with a
/// <see cref="MissingValue"/> that remembers its full path, so a blocked send can say exactly what is missing.
/// </summary>
internal sealed class VariableScope(string path, IReadOnlyDictionary<string, FluidValue> members) : FluidValue
{
    public string Path { get; } = path;

    public IReadOnlyDictionary<string, FluidValue> Members { get; } = members;

    public override FluidValues Type => FluidValues.Object;

    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => 0;

    public override string ToStringValue() => Path;

    public override object ToObjectValue() => Members;

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) =>
        new(Members.TryGetValue(name, out var value) ? value : new MissingValue(Path + "." + name));

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => Path.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path} ({Members.Count} members)");
}
