using System.Buffers.Binary;

namespace Samsara.Audio;

/// <summary>
/// The length of an MPEG audio file: the frame count of its Xing/Info or VBRI header (LAME and ffmpeg write one), else
/// the audio bytes over the first frame's bit rate. A frame counts only when the next one follows where its header says,
/// so a stray 0xFF byte in other data is not taken for audio.
/// </summary>
internal static class Mp3Probe
{
    private const int SearchLimit = 256 * 1024;

    private static readonly int[][] Bitrates =
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // MPEG-1 layer I
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // MPEG-1 layer II
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // MPEG-1 layer III
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // MPEG-2/2.5 layer I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // MPEG-2/2.5 layers II and III
    ];

    private readonly record struct Frame(int Version, int Layer, int Bitrate, int SampleRate, int Samples, int Length, bool Mono);

    public static AudioFacts Read(Stream file)
    {
        var length = file.Length;
        long start = 0;
        Span<byte> id3 = stackalloc byte[10];
        file.Position = 0;
        if (file.ReadAtLeast(id3, 10, throwOnEndOfStream: false) == 10 && id3[..3].SequenceEqual("ID3"u8))
        {
            // The tag's size is "syncsafe": seven bits per byte.
            var size = (id3[6] & 0x7F) << 21 | (id3[7] & 0x7F) << 14 | (id3[8] & 0x7F) << 7 | (id3[9] & 0x7F);
            start = 10 + size + ((id3[5] & 0x10) != 0 ? 10 : 0);
        }

        var end = length;
        if (length >= 128)
        {
            Span<byte> tag = stackalloc byte[3];
            file.Position = length - 128;
            file.ReadExactly(tag);
            end -= tag.SequenceEqual("TAG"u8) ? 128 : 0;
        }

        if (start >= end)
        {
            return AudioFacts.Corrupt(AudioKind.Mp3, "it has a tag but no audio after it");
        }

        var window = new byte[(int)Math.Min(SearchLimit, end - start)];
        file.Position = start;
        file.ReadExactly(window);
        for (var i = 0; i + 4 <= window.Length; i++)
        {
            if (Parse(window.AsSpan(i)) is not { } frame)
            {
                continue;
            }

            var next = i + frame.Length;
            var confirmed = start + next >= end || (next + 4 <= window.Length && Parse(window.AsSpan(next)) is { } second && second.SampleRate == frame.SampleRate);
            if (!confirmed)
            {
                continue;
            }

            var seconds = CountedFrames(window.AsSpan(i), frame) is { } frames
                ? frames * (double)frame.Samples / frame.SampleRate
                : (end - start - i) * 8.0 / (frame.Bitrate * 1000.0);
            return AudioFacts.Ok(AudioKind.Mp3, seconds);
        }

        return AudioFacts.Corrupt(AudioKind.Mp3, "no MPEG audio frame was found in it");
    }

    private static Frame? Parse(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4 || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0)
        {
            return null;
        }

        var version = (b[1] >> 3) & 3; // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
        var layer = 4 - ((b[1] >> 1) & 3); // 1, 2 or 3
        var bitrateIndex = b[2] >> 4;
        var rateIndex = (b[2] >> 2) & 3;
        if (version == 1 || layer == 4 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return null;
        }

        var table = version == 3 ? layer - 1 : layer == 1 ? 3 : 4;
        var bitrate = Bitrates[table][bitrateIndex];
        var sampleRate = (rateIndex switch { 0 => 44_100, 1 => 48_000, _ => 32_000 }) >> (version switch { 3 => 0, 2 => 1, _ => 2 });
        var samples = layer switch { 1 => 384, 2 => 1152, _ => version == 3 ? 1152 : 576 };
        var padding = (b[2] >> 1) & 1;
        var frameLength = layer == 1 ? (12 * bitrate * 1000 / sampleRate + padding) * 4 : samples / 8 * bitrate * 1000 / sampleRate + padding;
        return frameLength < 4 ? null : new Frame(version, layer, bitrate, sampleRate, samples, frameLength, (b[3] >> 6) == 3);
    }

    /// <summary>The frame count a Xing/Info or VBRI header in the first frame gives, if any.</summary>
    private static long? CountedFrames(ReadOnlySpan<byte> frame, Frame f)
    {
        var sideInfo = f.Version == 3 ? (f.Mono ? 17 : 32) : (f.Mono ? 9 : 17);
        var xing = 4 + sideInfo;
        if (frame.Length >= xing + 12 && (frame.Slice(xing, 4).SequenceEqual("Xing"u8) || frame.Slice(xing, 4).SequenceEqual("Info"u8))
            && (BinaryPrimitives.ReadUInt32BigEndian(frame[(xing + 4)..]) & 1) != 0)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(frame[(xing + 8)..]);
        }

        const int vbri = 4 + 32;
        if (frame.Length >= vbri + 18 && frame.Slice(vbri, 4).SequenceEqual("VBRI"u8))
        {
            return BinaryPrimitives.ReadUInt32BigEndian(frame[(vbri + 14)..]);
        }

        return null;
    }
}
