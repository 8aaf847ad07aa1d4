using System.Globalization;

namespace Samsara.Bench.Outreach;

/// <summary>--name value pairs after the subcommand.</summary>
internal sealed class Args(string[] args)
{
    public string? String(string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback) =>
        String(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
