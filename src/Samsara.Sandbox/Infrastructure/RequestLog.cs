using System.Collections.Concurrent;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>One request as the sandbox received it, before any fault was applied.</summary>
public sealed record ReceivedRequest(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Provider,
    string Method,
    string Path,
    string QueryString,
    string? ContentType,
    string Body,
    string? Fault);

/// <summary>Everything the simulators received, so tests can count duplicates and inspect what was sent.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<ReceivedRequest> _entries = new();
    private long _sequence;

    public ReceivedRequest Add(DateTimeOffset at, string provider, string method, string path, string query, string? contentType, string body, string? fault)
    {
        var entry = new ReceivedRequest(Interlocked.Increment(ref _sequence), at, provider, method, path, query, contentType, body, fault);
        _entries.Enqueue(entry);
        return entry;
    }

    public IReadOnlyList<ReceivedRequest> Entries(string? provider = null) =>
        [.. _entries.Where(e => provider is null || string.Equals(e.Provider, provider, StringComparison.OrdinalIgnoreCase))];

    public void Clear() => _entries.Clear();
}
