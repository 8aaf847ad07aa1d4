using System.Collections.Concurrent;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Calls placed through the Vapi, Bland and Retell simulators.</summary>
public sealed class CallStore(TimeProvider time, ScriptBook scripts)
{
    private readonly ConcurrentDictionary<string, SimulatedCall> _calls = new(StringComparer.Ordinal);

    internal SimulatedCall Add(string id, string provider, string from, string to, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var call = new SimulatedCall(id, provider, from, to, time.GetUtcNow(), scripts.For(to).Behaviour, extra ?? new Dictionary<string, object?>());
        _calls[id] = call;
        return call;
    }

    /// <summary>Ends a call at <paramref name="at"/> (an end request); null when the provider has no such call.</summary>
    internal SimulatedCall? Stop(string provider, string id, DateTimeOffset at)
    {
        var call = Find(provider, id);
        if (call is null)
        {
            return null;
        }

        var stopped = call with { StoppedAt = call.StoppedAt ?? at };
        _calls[id] = stopped;
        return stopped;
    }

    internal SimulatedCall? FindAny(string id) => _calls.GetValueOrDefault(id);

    internal SimulatedCall? Find(string provider, string id) =>
        _calls.TryGetValue(id, out var call) && call.Provider == provider ? call : null;

    /// <summary>How many calls each provider simulator has accepted for a number (tests count duplicates with it).</summary>
    public int CountTo(string provider, string to) => _calls.Values.Count(c => c.Provider == provider && c.To == to);

    internal IReadOnlyList<SimulatedCall> All(string provider) => [.. _calls.Values.Where(c => c.Provider == provider).OrderByDescending(c => c.CreatedAt)];

    internal void Clear() => _calls.Clear();
}
