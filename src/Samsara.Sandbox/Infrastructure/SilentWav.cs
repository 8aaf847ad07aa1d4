namespace Samsara.Sandbox.Infrastructure;

/// <summary>16 kHz 16-bit mono WAV files: the format of every simulated recording.</summary>
internal static class SilentWav
{
    public const int SampleRate = 16000;

    /// <summary>One second of silence, for simulated uploads.</summary>
    public static readonly byte[] OneSecond = Write(new short[SampleRate]);

    /// <summary>A canonical 44-byte RIFF header followed by the samples.</summary>
    public static byte[] Write(short[] pcm)
    {
        var dataBytes = pcm.Length * 2;
        using var stream = new MemoryStream(44 + dataBytes);
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in pcm)
        {
            writer.Write(sample);
        }

        return stream.ToArray();
    }
}
