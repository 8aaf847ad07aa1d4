using System.Collections.Concurrent;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>One request a client sent and what came back (status 0 when no answer came).</summary>
internal sealed record HttpExchange(
    string Method,
    Uri Uri,
    string? RequestMediaType,
    string RequestBody,
    int Status,
    string? ResponseMediaType,
    string ResponseBody);

/// <summary>A handler that records every exchange passing through it, for contract checks.</summary>
internal sealed class ExchangeRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<HttpExchange> _exchanges = new();

    public ExchangeRecorder()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<HttpExchange> Exchanges => [.. _exchanges];

    public HttpClient Client(TimeSpan? timeout = null) => new(this, disposeHandler: false) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = "";
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            requestBody = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var mediaType = request.Content?.Headers.ContentType?.MediaType;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            _exchanges.Enqueue(new(request.Method.Method, request.RequestUri!, mediaType, requestBody, (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType, body));
            return response;
        }
        catch
        {
            _exchanges.Enqueue(new(request.Method.Method, request.RequestUri!, mediaType, requestBody, 0, null, ""));
            throw;
        }
    }
}
