using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Samsara.Core.Common;

/// <summary>
/// Team mode's live updates: every change published on this node is sent with PostgreSQL <c>NOTIFY</c>, and every
/// change another node sends is published on this node's <see cref="ChangeFeed"/>, so a page open on node B sees
/// node A's moves without a reload. SQLite is single-node: this service does nothing there.
/// </summary>
public sealed partial class CrossNodeChanges(
    ChangeFeed feed,
    IOptions<DatabaseOptions> database,
    IConfiguration configuration,
    ILogger<CrossNodeChanges> logger) : BackgroundService
{
    public const string ChannelName = "samsara_changes";
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<ProjectChange> _outgoing = Channel.CreateUnbounded<ProjectChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this node listens for other nodes' changes (tests wait for it before acting on another node).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
        {
            _listening.TrySetResult();
            return;
        }

        var connectionString = configuration.GetConnectionString("Samsara")!;
        feed.Changed += Forward;
        try
        {
            await Task.WhenAll(ListenAsync(connectionString, stoppingToken), SendAsync(connectionString, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            feed.Changed -= Forward;
        }
    }

    private void Forward(ProjectChange change)
    {
        if (!change.FromOtherNode)
        {
            _outgoing.Writer.TryWrite(change);
        }
    }

    private async Task SendAsync(string connectionString, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await foreach (var change in _outgoing.Reader.ReadAllAsync(ct))
        {
            var payload = JsonSerializer.Serialize(new Signal(_node, change.ProjectId, change.What));
            try
            {
                await using var command = source.CreateCommand("SELECT pg_notify(@channel, @payload)");
                command.Parameters.AddWithValue("channel", ChannelName);
                command.Parameters.AddWithValue("payload", payload);
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A lost signal costs other nodes one live refresh, never data: pages reload from the database.
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
                // Keepalive so a dropped connection is noticed and LISTEN is re-issued.
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any failure (server restart, dropped database, network) must not stop the host: listen again.
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

        if (signal is null || signal.Node == _node || string.IsNullOrEmpty(signal.What))
        {
            return;
        }

        feed.Publish(new ProjectChange(signal.ProjectId, signal.What, FromOtherNode: true));
    }

    private sealed record Signal(string Node, Guid? ProjectId, string What);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a live-update signal to the other nodes")]
    private static partial void LogSendFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the live-update channel from the other nodes; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception e);
}

public static class CrossNodeChangesRegistration
{
    public static IHostApplicationBuilder AddCrossNodeChanges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CrossNodeChanges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CrossNodeChanges>());
        return builder;
    }
}
