using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Samsara.Core.Ats;
using Samsara.Core.Ats.Bridge;
using Samsara.Core.Ats.Mapping;

namespace Samsara.Web.Ats;

/// <summary>The answer to a fill request: the extension's per-field results, or why there are none.</summary>
public sealed record FillOutcome(bool Delivered, string? Problem, SubmissionView? Submission, string? PageUrl);

/// <summary>
/// The extensions connected to this node. Samsara sends fill requests down the socket and waits for the
/// per-field result; the extension reports the saved record's address when the recruiter saves in the ATS.
/// </summary>
public sealed partial class BridgeHub(
    AtsSubmissionService submissions, AtsMappingService mappings, BridgePairingService pairings, AtsCandidateSearch search,
    IServiceProvider services, IOptionsMonitor<BridgeOptions> options, TimeProvider clock, ILogger<BridgeHub> logger)
{
    private const int MaxMessageBytes = 1 << 20;

    private readonly ConcurrentDictionary<Guid, Connection> connections = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BridgeMessage>> pending = new();

    /// <summary>Raised when an extension connects or disconnects (the ATS page shows it live).</summary>
    public event Action? Changed;

    public bool IsConnected => !connections.IsEmpty;

    public IReadOnlyCollection<Guid> ConnectedPairings => [.. connections.Values.Select(c => c.Pairing.Id).Distinct()];

    /// <summary>Closes the sockets of a revoked pairing at once.</summary>
    public async Task DisconnectAsync(Guid pairingId)
    {
        foreach (var c in connections.Values.Where(c => c.Pairing.Id == pairingId))
        {
            await c.CloseAsync(WebSocketCloseStatus.PolicyViolation, "pairing revoked");
        }
    }

    internal async Task RunAsync(WebSocket socket, PairingView pairing, CancellationToken ct)
    {
        var connection = new Connection(Guid.NewGuid(), socket, pairing, clock.GetUtcNow());
        connections[connection.Id] = connection;
        Changed?.Invoke();
        try
        {
            while (socket.State == WebSocketState.Open && await ReceiveAsync(socket, ct) is { } text)
            {
                if (!await HandleAsync(connection, text, ct))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            logger.LogInformation(e, "ATS bridge connection ended.");
        }
        finally
        {
            connections.TryRemove(connection.Id, out _);
            connection.Dispose();
            await pairings.TouchAsync(pairing.Id, CancellationToken.None);
            Changed?.Invoke();
        }
    }

    private async Task<bool> HandleAsync(Connection connection, string text, CancellationToken ct)
    {
        BridgeMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<BridgeMessage>(text, BridgeProtocol.Json);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            await connection.SendAsync(Error("The message is not JSON of the bridge's format."), ct);
            return true;
        }

        if (message.V != BridgeProtocol.Version)
        {
            await connection.SendAsync(Error($"Bridge version {message.V} is not supported; this Samsara speaks version {BridgeProtocol.Version}. Update the extension."), ct);
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "unsupported version");
            return false;
        }

        switch (message.Type)
        {
            case "hello":
                await connection.SendAsync(new BridgeMessage { Type = "paired", Pairing = new(connection.Pairing.Id, connection.Pairing.Label) }, ct);
                break;
            case "ping":
                await pairings.TouchAsync(connection.Pairing.Id, ct);
                await connection.SendAsync(new BridgeMessage { Type = "pong" }, ct);
                break;
            case "fill.result" when message.SubmissionId is { } id:
                await submissions.RecordFillAsync(id, message.Results ?? [], message.Message, ct);
                if (message.RequestId is { } requestId && pending.TryGetValue(requestId, out var waiter))
                {
                    waiter.TrySetResult(message);
                }

                break;
            case "submit.confirmed" when message.SubmissionId is { } id:
                var confirmed = await submissions.ConfirmAsync(id, message.RecordUrl, ct);
                await connection.SendAsync(confirmed is null
                    ? Error("No such submission.")
                    : new BridgeMessage { Type = "submit.recorded", SubmissionId = id, RecordUrl = confirmed.RecordUrl }, ct);
                break;
            case "candidates.search":
                var hits = await search.SearchAsync(message.Query, ct);
                await connection.SendAsync(new BridgeMessage { Type = "candidates.found", RequestId = message.RequestId, Candidates = hits }, ct);
                break;
            case "fill.request" when message.ProjectId is { } projectId && message.CandidateId is { } candidateId:
                // Not awaited: the fill's result arrives on this same receive loop.
                _ = FillRequestedAsync(connection, message, projectId, candidateId, ct);
                break;
            case "mapping.save":
                var saved = await SaveGenericMappingAsync(message, ct);
                await connection.SendAsync(saved, ct);
                break;
            default:
                await connection.SendAsync(Error($"Unknown message type \"{message.Type}\"."), ct);
                break;
        }

        return true;
    }

    /// <summary>"Pick fields" on an unknown ATS: the selectors become a generic mapping for that site.</summary>
    private async Task<BridgeMessage> SaveGenericMappingAsync(BridgeMessage message, CancellationToken ct)
    {
        var template = DefaultMappings.For(AtsVendor.Generic);
        var fields = (message.Fields ?? []).ToDictionary(
            f => f.Field,
            f => (template.TryGetValue(f.Field, out var rule) ? rule : new FieldRule { Source = "candidate.full_name" }) with { Selector = f.Selector, Label = f.Label });
        try
        {
            var created = await mappings.CreateAsync(new AtsMappingInput
            {
                Vendor = AtsVendor.Generic,
                Name = message.Name ?? $"Picked on {message.SiteHost}",
                Fields = fields,
                SiteHost = message.SiteHost,
            }, ct);
            return new BridgeMessage { Type = "mapping.saved", MappingId = created.Id };
        }
        catch (Samsara.Core.Common.InputValidationException e)
        {
            return Error("The picked fields could not be saved: " + string.Join(" ", e.Errors.SelectMany(x => x.Value)));
        }
    }

    private static BridgeMessage Error(string text) => new() { Type = "error", Message = text };

    private static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > MaxMessageBytes)
            {
                await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", ct);
                return null;
            }

            if (received.EndOfMessage)
            {
                return System.Text.Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    internal sealed class Connection(Guid id, WebSocket socket, PairingView pairing, DateTimeOffset connectedAt) : IDisposable
    {
        private readonly SemaphoreSlim sending = new(1, 1);

        public Guid Id { get; } = id;
        public PairingView Pairing { get; } = pairing;
        public DateTimeOffset ConnectedAt { get; } = connectedAt;

        public async Task SendAsync(BridgeMessage message, CancellationToken ct)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(message, BridgeProtocol.Json);
            await sending.WaitAsync(ct);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
            finally
            {
                sending.Release();
            }
        }

        public void Dispose() => sending.Dispose();

        public async Task CloseAsync(WebSocketCloseStatus status, string reason)
        {
            try
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }
    }
}
