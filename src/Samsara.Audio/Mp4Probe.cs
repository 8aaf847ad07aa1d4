using System.Buffers.Binary;

namespace Samsara.Audio;

/// <summary>
/// The length of an MP4/M4A file from its movie header (<c>moov/mvhd</c>), which may sit before or after the audio. The
/// file must hold a sound track (<c>hdlr</c> of type <c>soun</c>), so a video without sound is refused.
/// </summary>
internal static class Mp4Probe
{
    /// <summary>The index of a few hours of audio is well under this; a bigger "moov" is damage, not a recording.</summary>
    private const long MaxIndexBytes = 64L * 1024 * 1024;

    public static AudioFacts Read(Stream file)
    {
        var length = file.Length;
        long at = 0;
        Span<byte> header = stackalloc byte[16];
        while (at + 8 <= length)
        {
            file.Position = at;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                file.ReadExactly(header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - at;
            }

            if (size < headerSize || at + size > length)
            {
                return AudioFacts.Corrupt(AudioKind.M4a, "a part of it runs past the end of the file (cut short?)");
            }

            if (header[4..8].SequenceEqual("moov"u8))
            {
                if (size - headerSize > MaxIndexBytes)
                {
                    return AudioFacts.Corrupt(AudioKind.M4a, "its index is impossibly large");
                }

                var moov = new byte[size - headerSize];
                file.ReadExactly(moov);
                return Movie(moov);
            }

            at += size;
        }

        return AudioFacts.Corrupt(AudioKind.M4a, "it has no index of its audio (\"moov\"), as when a recording was cut short");
    }

    private static AudioFacts Movie(ReadOnlySpan<byte> moov)
    {
        double? seconds = null;
        foreach (var (type, body) in Boxes(moov))
        {
            if (type == "mvhd" && body.Length >= 20)
            {
                var v1 = body[0] == 1;
                if (v1 && body.Length < 32)
                {
                    break;
                }

                var scale = BinaryPrimitives.ReadUInt32BigEndian(body[(v1 ? 20 : 12)..]);
                var duration = v1 ? BinaryPrimitives.ReadUInt64BigEndian(body[24..]) : BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
                seconds = scale == 0 ? null : duration / (double)scale;
            }
        }

        if (!HasSound(moov))
        {
            return new(null, TimeSpan.Zero, AudioProblem.WrongType, "This MP4 file has no sound track, so it is not a call recording. Upload the call's audio file.");
        }

        return seconds is { } s ? AudioFacts.Ok(AudioKind.M4a, s) : AudioFacts.Corrupt(AudioKind.M4a, "its movie header is missing or damaged");
    }

    /// <summary>True when a track's media handler is "soun" (moov/trak/mdia/hdlr).</summary>
    private static bool HasSound(ReadOnlySpan<byte> moov)
    {
        foreach (var (type, trak) in Boxes(moov))
        {
            if (type != "trak")
            {
                continue;
            }

            foreach (var (inner, mdia) in Boxes(trak))
            {
                if (inner != "mdia")
                {
                    continue;
                }

                foreach (var (leaf, hdlr) in Boxes(mdia))
                {
                    // hdlr: version and flags (4), pre-defined (4), handler type (4).
                    if (leaf == "hdlr" && hdlr.Length >= 12 && hdlr.Slice(8, 4).SequenceEqual("soun"u8))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The boxes directly inside <paramref name="data"/>; stops at the first one that does not fit.</summary>
    private static BoxList Boxes(ReadOnlySpan<byte> data) => new(data);

    private readonly ref struct BoxList(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public Enumerator GetEnumerator() => new(_data);

        public ref struct Enumerator(ReadOnlySpan<byte> data)
        {
            private readonly ReadOnlySpan<byte> _data = data;
            private int _next;

            public Box Current { get; private set; }

            public bool MoveNext()
            {
                if (_next + 8 > _data.Length)
                {
                    return false;
                }

                var size = BinaryPrimitives.ReadUInt32BigEndian(_data[_next..]);
                if (size < 8 || _next + (long)size > _data.Length)
                {
                    return false;
                }

                Current = new Box(System.Text.Encoding.ASCII.GetString(_data.Slice(_next + 4, 4)), _data.Slice(_next + 8, (int)size - 8));
                _next += (int)size;
                return true;
            }
        }
    }

    private readonly ref struct Box(string type, ReadOnlySpan<byte> body)
    {
        private readonly string _type = type;
        private readonly ReadOnlySpan<byte> _body = body;

        public void Deconstruct(out string type, out ReadOnlySpan<byte> body)
        {
            type = _type;
            body = _body;
        }
    }
}
