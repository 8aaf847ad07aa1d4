using System.Buffers.Binary;

namespace Samsara.Audio;

public enum AudioKind
{
    Wav,
    Mp3,
    M4a,
    Ogg,
}

public enum AudioProblem
{
    /// <summary>The content is not one of the accepted recording formats, whatever the file is called.</summary>
    WrongType,

    /// <summary>It starts like an accepted format but its structure cannot be read (cut short, damaged, no audio).</summary>
    Corrupt,
}

/// <summary>What the recording is and how long it lasts, or why it cannot be used (<see cref="Detail"/> says so in words).</summary>
public sealed record AudioFacts(AudioKind? Kind, TimeSpan Duration, AudioProblem? Problem, string? Detail)
{
    public bool Usable => Problem is null;

    public string ContentType => Kind switch
    {
        AudioKind.Wav => "audio/wav",
        AudioKind.Mp3 => "audio/mpeg",
        AudioKind.M4a => "audio/mp4",
        AudioKind.Ogg => "audio/ogg",
        null => "application/octet-stream",
    };

    public string Extension => Kind switch
    {
        AudioKind.Wav => "wav",
        AudioKind.Mp3 => "mp3",
        AudioKind.M4a => "m4a",
        AudioKind.Ogg => "ogg",
        null => "bin",
    };

    internal static AudioFacts Ok(AudioKind kind, double seconds) =>
        seconds is > 0 and < 86_400 && double.IsFinite(seconds)
            ? new(kind, TimeSpan.FromSeconds(seconds), null, null)
            : Corrupt(kind, seconds <= 0 ? "it holds no audio" : "its header gives an impossible length");

    internal static AudioFacts Corrupt(AudioKind kind, string why) => new(kind, TimeSpan.Zero, AudioProblem.Corrupt, $"The file looks like {Name(kind)} but cannot be read: {why}.");

    internal static string Name(AudioKind kind) => kind switch
    {
        AudioKind.Wav => "a WAV recording",
        AudioKind.Mp3 => "an MP3 recording",
        AudioKind.M4a => "an M4A recording",
        AudioKind.Ogg => "an OGG recording",
    };
}

/// <summary>
/// Tells a recording's format from its first bytes (never from its name) and reads its length from the format's own
/// header or index (RIFF chunks, MPEG frame headers with the Xing/Info or VBRI count, the MP4 movie header, the last Ogg
/// page's granule position), so no decoder has to be installed.
/// </summary>
public static class AudioProbe
{
    public static AudioFacts Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return Read(file);
    }

    /// <summary>As <see cref="Read(string)"/>, for audio already in memory or any seekable stream (read from its start).</summary>
    public static AudioFacts Read(Stream file)
    {
        file.Position = 0;
        Span<byte> head = stackalloc byte[12];
        var got = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..got];
        try
        {
            if (got >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
            {
                return Wav(file);
            }

            if (got >= 4 && head[..4].SequenceEqual("OggS"u8))
            {
                return OggProbe.Read(file);
            }

            if (got >= 8 && head[4..8].SequenceEqual("ftyp"u8))
            {
                return Mp4Probe.Read(file);
            }

            if ((got >= 3 && head[..3].SequenceEqual("ID3"u8)) || (got >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
            {
                return Mp3Probe.Read(file);
            }
        }
        catch (EndOfStreamException)
        {
            return new(null, TimeSpan.Zero, AudioProblem.Corrupt, "The file ends in the middle of its header: it was cut short.");
        }

        return new(null, TimeSpan.Zero, AudioProblem.WrongType,
            $"This is not a WAV, MP3, M4A or OGG/Opus recording{Looks(head)}, whatever its name says. Upload the call's audio file.");
    }

    /// <summary>A hint at what was uploaded instead, for the message.</summary>
    private static string Looks(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF"u8))
        {
            return " (it is a PDF document)";
        }

        if (head.StartsWith("PK"u8))
        {
            return " (it is a ZIP or Office document)";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return " (it is an image)";
        }

        if (head.StartsWith("fLaC"u8))
        {
            return " (it is FLAC audio)";
        }

        foreach (var b in head)
        {
            if (b is not ((>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return "";
            }
        }

        return head.Length > 0 ? " (it is text)" : "";
    }

    private static AudioFacts Wav(Stream file)
    {
        var length = file.Length;
        long at = 12;
        uint? byteRate = null;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> format = stackalloc byte[16];
        while (at + 8 <= length)
        {
            file.Position = at;
            file.ReadExactly(chunk);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var body = at + 8;
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > length)
                {
                    return AudioFacts.Corrupt(AudioKind.Wav, "its format chunk is too short");
                }

                file.ReadExactly(format);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
                var rate = BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(format[8..]);
                if (channels == 0 || rate is 0 or > 768_000 || byteRate == 0)
                {
                    return AudioFacts.Corrupt(AudioKind.Wav, "its format chunk describes no playable audio");
                }
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (byteRate is not { } rate)
                {
                    return AudioFacts.Corrupt(AudioKind.Wav, "the audio comes before its format");
                }

                var available = length - body;
                // A WAV written while recording may leave the size at 0 or 0xFFFFFFFF: the audio then runs to the end.
                if (size is not (0 or uint.MaxValue) && size > available)
                {
                    return AudioFacts.Corrupt(AudioKind.Wav, $"it was cut short ({available:N0} of {size:N0} bytes of audio)");
                }

                var bytes = size is 0 or uint.MaxValue ? available : size;
                return AudioFacts.Ok(AudioKind.Wav, bytes / (double)rate);
            }

            at = body + size + (size & 1);
        }

        return AudioFacts.Corrupt(AudioKind.Wav, "it has no audio data");
    }
}
