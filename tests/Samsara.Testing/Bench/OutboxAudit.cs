namespace Samsara.Testing.Bench;

/// <summary>What the crash benchmark found when it compared the sandbox's received log with the outbox.</summary>
/// <param name="Duplicates">Recipients the sandbox received more than one send request for.</param>
/// <param name="Lost">Enrolled recipients with no received request, or whose outbox row is not recorded as sent.</param>
/// <param name="Unexpected">Recipients the sandbox received a request for that nobody enrolled.</param>
public sealed record OutboxVerdict(
    IReadOnlyList<string> Duplicates, IReadOnlyList<string> Lost, IReadOnlyList<string> Unexpected, int Expected, int Received)
{
    public bool Passed => Duplicates.Count == 0 && Lost.Count == 0 && Unexpected.Count == 0;

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")}: expected {Expected}, received {Received} requests, {Duplicates.Count} duplicates, {Lost.Count} lost, {Unexpected.Count} unexpected"
        + (Duplicates.Count > 0 ? $"; duplicates e.g. {string.Join(", ", Duplicates.Take(5))}" : "")
        + (Lost.Count > 0 ? $"; lost e.g. {string.Join(", ", Lost.Take(5))}" : "");
}

/// <summary>
/// The crash benchmark's ground truth check: every enrolled recipient (one send each) must have reached the provider
/// exactly once and be recorded as sent in the outbox. The provider side is the sandbox's request log, not what the
/// engine believes, so a send the engine forgot or repeated cannot hide.
/// </summary>
public static class OutboxAudit
{
    /// <param name="expected">One recipient per enrolled candidate (the run's numbers are unique).</param>
    /// <param name="received">The To of every send request the sandbox received, in any order, repeats kept.</param>
    /// <param name="recordedSent">Recipients whose outbox row the engine recorded as sent.</param>
    public static OutboxVerdict Compare(IReadOnlyCollection<string> expected, IReadOnlyCollection<string> received, IEnumerable<string> recordedSent)
    {
        var counts = received.GroupBy(to => to, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sent = recordedSent.ToHashSet(StringComparer.Ordinal);
        var wanted = expected.ToHashSet(StringComparer.Ordinal);
        var duplicates = counts.Where(c => c.Value > 1).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var lost = wanted.Where(to => !counts.ContainsKey(to) || !sent.Contains(to)).Order(StringComparer.Ordinal).ToList();
        var unexpected = counts.Keys.Where(to => !wanted.Contains(to)).Order(StringComparer.Ordinal).ToList();
        return new OutboxVerdict(duplicates, lost, unexpected, wanted.Count, received.Count);
    }
}
