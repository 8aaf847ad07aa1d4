namespace Samsara.Sandbox.Infrastructure;

/// <summary>One second of 16 kHz 16-bit mono silence: what every simulated recording contains.</summary>
internal static class SilentWav
{
    private const int SampleRate = 16000;
    private const int DataBytes = SampleRate * 2;

    public static readonly byte[] OneSecond = Build();

    private static byte[] Build()
    {
        using var stream = new MemoryStream(44 + DataBytes);
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + DataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(DataBytes);
        writer.Write(new byte[DataBytes]);
        return stream.ToArray();
    }
}
