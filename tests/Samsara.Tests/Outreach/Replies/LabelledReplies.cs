using Samsara.Core.Outreach.Replies;

namespace Samsara.Tests.Outreach.Replies;

/// <summary>The labelled replies in <c>labelled-replies.tsv</c> (channel, intent, named date, text), received on <see cref="Received"/>.</summary>
public static class LabelledReplies
{
    public static readonly DateOnly Received = new(2026, 12, 2);

    public sealed record Example(string Channel, ReplyIntent Intent, DateOnly? Date, string Text)
    {
        public override string ToString() => $"[{Channel}] {Text.Replace("\n", "\\n", StringComparison.Ordinal)}";
    }

    public static IReadOnlyList<Example> All { get; } = Load();

    private static List<Example> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Outreach", "Replies", "labelled-replies.tsv");
        return [.. File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => new Example(
                f[0],
                Enum.Parse<ReplyIntent>(f[1]),
                f[2] == "-" ? null : DateOnly.ParseExact(f[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                f[3].Replace("\\n", "\n", StringComparison.Ordinal)))];
    }
}
