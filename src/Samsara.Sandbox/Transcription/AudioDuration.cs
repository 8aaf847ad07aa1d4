using System.Buffers.Binary;
using Samsara.Audio;

namespace Samsara.Sandbox.Transcription;

/// <summary>
/// An audio file's duration as the real services report it: read from the file's header, not guessed
/// from its size. WAV here (RIFF, any rate, channels and sample size); MP3, M4A and OGG (Opus, Vorbis) by the probe
/// Samsara reads uploads with (<see cref="AudioProbe"/>). Anything else counts as <see cref="Unknown"/>, the same
/// minute a URL the sandbox cannot fetch is given.
/// </summary>
public static class AudioDuration
{
    public const double Unknown = 60;

    /// <summary>Seconds of audio in <paramref name="file"/>, or null when it is not a WAV file the header describes.</summary>
    public static double? OfWav(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            return null;
        }

        uint? byteRate = null;
        for (var at = 12; at + 8 <= file.Length;)
        {
            var id = file.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(at + 4, 4));
            var body = at + 8;
            if (id.SequenceEqual("fmt "u8) && size >= 16 && body + 16 <= file.Length)
            {
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(body + 8, 4));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (byteRate is not > 0)
                {
                    return null;
                }

                // A streamed WAV may leave the size at 0 or 0xFFFFFFFF; then the data runs to the end.
                var available = (uint)(file.Length - body);
                var bytes = size == 0 || size > available ? available : size;
                return Math.Round(bytes / (double)byteRate.Value, 3);
            }

            // Chunks are padded to an even size.
            var next = (long)body + size + (size & 1);
            if (next > file.Length)
            {
                return null;
            }

            at = (int)next;
        }

        return null;
    }

    /// <summary>The duration the simulators report: the file's own (WAV, MP3, M4A, OGG), else <see cref="Unknown"/>.</summary>
    public static double Of(ReadOnlySpan<byte> file)
    {
        if (OfWav(file) is { } wav)
        {
            return wav;
        }

        try
        {
            using var stream = new MemoryStream(file.ToArray(), writable: false);
            var facts = AudioProbe.Read(stream);
            return facts.Usable ? Math.Round(facts.Duration.TotalSeconds, 3) : Unknown;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            // A header that points outside the file: as unreadable as any other non-audio upload.
            return Unknown;
        }
    }
}
