using System.Buffers.Binary;
using System.Text.Json;

namespace Samsara.Core.CvIntake.Extraction.Isolation;

public enum ParserOperation
{
    ExtractText,
    ExpandZip,
}

public sealed record ParserRequest(ParserOperation Operation, string Path, string FileName, string? OutputDirectory);

public sealed record ParserResponse(string? Text, string? Error, FileKind Kind, IReadOnlyList<ExpandedEntry>? Entries, string? ArchiveError);

/// <summary>Length-prefixed JSON frames over the worker's stdin and stdout: the options once, then one request per answer.</summary>
internal static class ParserProtocol
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static void Write<T>(Stream stream, T message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, body.Length);
        stream.Write(length);
        stream.Write(body);
        stream.Flush();
    }

    /// <returns>Null at the end of the stream (the other side closed it or died).</returns>
    public static T? Read<T>(Stream stream) where T : class
    {
        var length = new byte[4];
        if (!Fill(stream, length))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        return Fill(stream, body) ? JsonSerializer.Deserialize<T>(body, Json) : null;
    }

    public static async Task<T?> ReadAsync<T>(Stream stream, CancellationToken ct) where T : class
    {
        var length = new byte[4];
        if (!await FillAsync(stream, length, ct))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        return await FillAsync(stream, body, ct) ? JsonSerializer.Deserialize<T>(body, Json) : null;
    }

    private static bool Fill(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    private static async Task<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken ct) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct) == buffer.Length;
}
