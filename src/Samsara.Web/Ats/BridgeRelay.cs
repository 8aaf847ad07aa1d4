using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Samsara.Core;
using Samsara.Core.Ats;

namespace Samsara.Web.Ats;

/// <summary>
/// Team mode: the extension holds a socket to one node, but a recruiter may press Fill on any node. A node with no
/// extension offers the fill to the others with PostgreSQL <c>NOTIFY</c> (ids only; the values are in the
/// submission row); a node holding a socket claims the pending submission row (only one node can), fills, and
/// answers the same way. See docs/decisions/ats-fill-across-nodes.md. On SQLite (one node) it does nothing.
/// </summary>
public sealed partial class BridgeRelay(
    BridgeHub hub, AtsSubmissionService submissions, IOptions<DatabaseOptions> database, IConfiguration configuration,
    IOptionsMonitor<BridgeOptions> options, TimeProvider clock, ILogger<BridgeRelay> logger) : BackgroundService
{
    public const string ChannelName = "samsara_ats_fill";
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly string node = Guid.NewGuid().ToString("N");
    private readonly Channel<Signal> outgoing = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, Waiter> waiting = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken stopping;

    public bool Enabled => database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>Completes once this node hears other nodes' offers (tests wait for it).</summary>
    public Task Listening => listening.Task;

    /// <summary>Offers the fill to the other nodes and waits for the one holding an extension to fill it.</summary>
    public async Task<FillOutcome> FillElsewhereAsync(SubmissionView submission, CancellationToken ct)
    {
        var waiter = new Waiter();
        waiting[submission.Id] = waiter;
        try
        {
            outgoing.Writer.TryWrite(new Signal(node, "offer", submission.Id, null));
            try
            {
                await waiter.Claimed.Task.WaitAsync(options.CurrentValue.RelayClaimTimeout, clock, ct);
            }
            catch (TimeoutException)
            {
                var failed = await submissions.RecordFillAsync(submission.Id, [], "The Chrome extension is not connected to any Samsara node.", ct);
                return new(false, BridgeHub.NotConnected, failed, null);
            }

            // The claiming node records a timeout itself; the margin covers the signal's way back.
            var done = await waiter.Done.Task.WaitAsync(options.CurrentValue.FillTimeout + options.CurrentValue.RelayClaimTimeout, clock, ct);
            return new(done.Delivered == true, done.Problem, await submissions.GetAsync(submission.Id, ct), done.PageUrl);
        }
        catch (TimeoutException)
        {
            var failed = await submissions.RecordFillAsync(submission.Id, [], "The node holding the extension did not answer in time.", ct);
            return new(false, "The extension did not answer in time: is an ATS page open in the current tab?", failed, null);
        }
        finally
        {
            waiting.TryRemove(submission.Id, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            listening.TrySetResult();
            return;
        }

        stopping = stoppingToken;
        var connectionString = configuration.GetConnectionString("Samsara")!;
        try
        {
            await Task.WhenAll(ListenAsync(connectionString, stoppingToken), SendAsync(connectionString, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SendAsync(string connectionString, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await foreach (var signal in outgoing.Reader.ReadAllAsync(ct))
        {
            try
            {
                await using var command = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                command.Parameters.AddWithValue("channel", ChannelName);
                command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(signal));
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A lost offer or answer ends as "not connected" or "did not answer" on the asking node: the
                // recruiter presses Fill again. A fill delivered late would type into whatever tab is open then.
                LogSendFailed(logger, e);
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenFailed(logger, e);
                await Task.Delay(Reconnect, ct);
            }
        }
    }

    private void Receive(string payload)
    {
        Signal? signal;
        try
        {
            signal = JsonSerializer.Deserialize<Signal>(payload);
        }
        catch (JsonException)
        {
            return;
        }

        if (signal is null || signal.Node == node)
        {
            return;
        }

        switch (signal.Kind)
        {
            case "offer":
                // Off the notification thread: the fill waits for the extension for seconds.
                _ = Task.Run(() => TakeAsync(signal), stopping);
                break;
            case "claimed" when signal.To == node && waiting.TryGetValue(signal.SubmissionId, out var claimed):
                claimed.Claimed.TrySetResult();
                break;
            case "filled" when signal.To == node && waiting.TryGetValue(signal.SubmissionId, out var filled):
                filled.Claimed.TrySetResult();
                filled.Done.TrySetResult(signal);
                break;
            default:
                break;
        }
    }

    private async Task TakeAsync(Signal offer)
    {
        try
        {
            if (await hub.ClaimRelayedAsync(offer.SubmissionId, stopping) is not { } fill)
            {
                return;
            }

            outgoing.Writer.TryWrite(new Signal(node, "claimed", offer.SubmissionId, offer.Node));
            var outcome = await hub.SendFillAsync(fill, stopping);
            outgoing.Writer.TryWrite(new Signal(node, "filled", offer.SubmissionId, offer.Node, outcome.Delivered, outcome.Problem, outcome.PageUrl));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTakeFailed(logger, e);
        }
    }

    private sealed class Waiter
    {
        public TaskCompletionSource Claimed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<Signal> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <param name="To">The asking node, for answers; null for an offer to every node.</param>
    private sealed record Signal(string Node, string Kind, Guid SubmissionId, string? To, bool? Delivered = null, string? Problem = null, string? PageUrl = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send an ATS fill signal to the other nodes")]
    private static partial void LogSendFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the ATS fill channel from the other nodes; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fill a submission offered by another node")]
    private static partial void LogTakeFailed(ILogger logger, Exception e);
}
