using System.Buffers.Binary;

namespace Samsara.Audio;

/// <summary>
/// The length of an Ogg Opus (or Vorbis) file: the last page's granule position is the sample count at its end (Opus
/// counts at 48 kHz, less the pre-skip its header names; Vorbis at the rate its header gives).
/// </summary>
internal static class OggProbe
{
    private const int TailBytes = 128 * 1024;

    public static AudioFacts Read(Stream file)
    {
        // First page: "OggS", version, type, granule (8), serial (4), sequence (4), CRC (4), segment count, segment table.
        var first = new byte[27 + 255 + 64];
        file.Position = 0;
        var got = file.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        if (got < 28 || first[4] != 0)
        {
            return AudioFacts.Corrupt(AudioKind.Ogg, "its first page is damaged");
        }

        var serial = BinaryPrimitives.ReadUInt32LittleEndian(first.AsSpan(14));
        var packet = 27 + first[26];
        if (packet + 19 > got)
        {
            return AudioFacts.Corrupt(AudioKind.Ogg, "its first page is cut short");
        }

        var head = first.AsSpan(packet);
        double rate;
        long skip;
        if (head.StartsWith("OpusHead"u8))
        {
            rate = 48_000;
            skip = BinaryPrimitives.ReadUInt16LittleEndian(head[10..]);
        }
        else if (head.StartsWith("\u0001vorbis"u8))
        {
            rate = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
            skip = 0;
            if (rate == 0)
            {
                return AudioFacts.Corrupt(AudioKind.Ogg, "its Vorbis header gives no sample rate");
            }
        }
        else
        {
            return new(null, TimeSpan.Zero, AudioProblem.WrongType, "This Ogg file holds neither Opus nor Vorbis audio, so it cannot be transcribed. Upload the call's audio file.");
        }

        var length = file.Length;
        var tail = new byte[(int)Math.Min(TailBytes, length)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        // The last page of this stream with a finished packet (granule -1 means none ends on that page).
        for (var i = tail.Length - 27; i >= 0; i--)
        {
            if (tail[i] != (byte)'O' || !tail.AsSpan(i, 4).SequenceEqual("OggS"u8) || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 14)) != serial)
            {
                continue;
            }

            var granule = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(i + 6));
            if (granule >= 0)
            {
                return AudioFacts.Ok(AudioKind.Ogg, (granule - skip) / rate);
            }
        }

        return AudioFacts.Corrupt(AudioKind.Ogg, "no page near its end says how long it is (cut short?)");
    }
}
