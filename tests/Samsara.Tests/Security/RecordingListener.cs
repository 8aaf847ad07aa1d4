using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Samsara.Tests.Security;

/// <summary>
/// An attacker's host on a loopback port: accepts any connection, records every byte it is sent (HTTP requests, SMTP
/// greetings answered or not) and answers HTTP with a 500 whose HTML body tries to smuggle text into the app's messages.
/// </summary>
public sealed class RecordingListener : IAsyncDisposable
{
    public const string HostileBody = "<html><body><h1>Oops</h1><pre>at Attacker.Steal()\nSet-Cookie: planted</pre></body></html>";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly StringBuilder received = new();
    private readonly Task loop;
    private int connections;

    public RecordingListener()
    {
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public int Connections => Volatile.Read(ref connections);

    public string Received
    {
        get
        {
            lock (received)
            {
                return received.ToString();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                var seen = new StringBuilder();
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, timeout.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    var text = Encoding.Latin1.GetString(buffer, 0, n);
                    seen.Append(text);
                    lock (received)
                    {
                        received.Append(text);
                    }

                    if (seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var answer = $"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {HostileBody.Length}\r\nConnection: close\r\n\r\n{HostileBody}";
                        await stream.WriteAsync(Encoding.Latin1.GetBytes(answer), timeout.Token);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The client gave up or the test ended; what arrived is recorded.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
