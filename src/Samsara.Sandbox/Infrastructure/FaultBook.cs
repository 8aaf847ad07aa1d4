namespace Samsara.Sandbox.Infrastructure;

/// <summary>Pending faults; each match uses up one of the rule's <see cref="FaultRule.Times"/>.</summary>
public sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly List<(FaultRule Rule, int Remaining)> _rules = [];

    public void Add(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Times, 1);
        lock (_gate)
        {
            _rules.Add((rule, rule.Times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<FaultRule> Pending()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => r.Rule with { Times = r.Remaining })];
        }
    }

    /// <summary>Takes the first rule matching the request, or null.</summary>
    public FaultRule? Take(string provider, string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, remaining) = _rules[i];
                if (!Matches(rule, provider, method, path))
                {
                    continue;
                }

                if (remaining <= 1)
                {
                    _rules.RemoveAt(i);
                }
                else
                {
                    _rules[i] = (rule, remaining - 1);
                }

                return rule;
            }

            return null;
        }
    }

    private static bool Matches(FaultRule rule, string provider, string method, string path) =>
        string.Equals(rule.Provider, provider, StringComparison.OrdinalIgnoreCase)
        && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
        && (rule.PathContains is null || path.Contains(rule.PathContains, StringComparison.OrdinalIgnoreCase));
}
