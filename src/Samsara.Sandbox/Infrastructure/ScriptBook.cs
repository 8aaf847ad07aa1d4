using System.Collections.Concurrent;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>The scripted candidates. Unknown addresses behave as <see cref="CandidateBehaviour.NeverReply"/>.</summary>
public sealed class ScriptBook
{
    private readonly ConcurrentDictionary<string, CandidateScript> _scripts = new(StringComparer.OrdinalIgnoreCase);

    public void Set(CandidateScript script) => _scripts[script.Address] = script;

    public bool Remove(string address) => _scripts.TryRemove(address, out _);

    public void Clear() => _scripts.Clear();

    public CandidateScript For(string address) =>
        _scripts.TryGetValue(address, out var script) ? script : new CandidateScript(address, CandidateBehaviour.NeverReply);

    public IReadOnlyList<CandidateScript> All() => [.. _scripts.Values.OrderBy(s => s.Address, StringComparer.Ordinal)];
}
