using Samsara.Audio;
using Samsara.Testing;

namespace Samsara.Tests.Scheduling;

/// <summary>Format and length of uploaded recordings from their own bytes, against what ffprobe reads from the same files.</summary>
public sealed class AudioProbeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("samsara-probe").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, AudioKind, string> Speech() => new()
    {
        { "wav", AudioKind.Wav, "audio/wav" },
        { "wav-8k", AudioKind.Wav, "audio/wav" },
        { "mp3", AudioKind.Mp3, "audio/mpeg" },
        { "m4a", AudioKind.M4a, "audio/mp4" },
        { "opus", AudioKind.Ogg, "audio/ogg" },
        { "vorbis", AudioKind.Ogg, "audio/ogg" },
    };

    private static string SpeechFile(string name) => name switch
    {
        "wav" => SpeechFiles.Wav,
        "wav-8k" => SpeechFiles.SmallWav,
        "mp3" => SpeechFiles.Mp3,
        "m4a" => SpeechFiles.M4a,
        "opus" => SpeechFiles.Opus,
        _ => SpeechFiles.Vorbis,
    };

    [Theory]
    [MemberData(nameof(Speech))]
    public void Read_SpeechEncodedByFfmpeg_KindAndLengthAsFfprobeReadsThem(string name, AudioKind kind, string contentType)
    {
        // Copied under a misleading name: only the content counts.
        var path = Path.Combine(_folder, $"{name}.txt");
        File.Copy(SpeechFile(name), path);

        var facts = AudioProbe.Read(path);

        Assert.True(facts.Usable, facts.Detail);
        Assert.Equal((kind, contentType), (facts.Kind, facts.ContentType));
        // Encoders pad a few milliseconds at the ends (MP3 and AAC frames); ffprobe counts those slightly differently.
        Assert.InRange(facts.Duration.TotalSeconds, SpeechFiles.ProbedSeconds(path) - 0.08, SpeechFiles.ProbedSeconds(path) + 0.08);
    }

    [Fact]
    public void Read_CbrMp3WithoutXingHeader_LengthFromTheBitRate()
    {
        var facts = AudioProbe.Read(SpeechFiles.PlainMp3);

        Assert.Equal(AudioKind.Mp3, facts.Kind);
        Assert.InRange(facts.Duration.TotalSeconds, SpeechFiles.ProbedSeconds(SpeechFiles.PlainMp3) - 0.1, SpeechFiles.ProbedSeconds(SpeechFiles.PlainMp3) + 0.1);
    }

    public static TheoryData<string, string> WrongTypes() => new()
    {
        { "pdf", "it is a PDF document" },
        { "text", "it is text" },
        { "png", "it is an image" },
        { "docx", "it is a ZIP or Office document" },
        { "random", "not a WAV, MP3, M4A or OGG/Opus recording" },
        { "video", "has no sound track" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Read_NotARecordingWhateverItsName_WrongTypeSayingWhatItIs(string what, string expected)
    {
        var path = Path.Combine(_folder, "call.wav");
        byte[] bytes = what switch
        {
            "pdf" => "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"u8.ToArray(),
            "text" => "Notes from the call with Ana: strong on PostgreSQL.\n"u8.ToArray(),
            "png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
            "docx" => [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0],
            "random" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))],
            _ => File.ReadAllBytes(SpeechFiles.SilentVideo),
        };
        File.WriteAllBytes(path, bytes);

        var facts = AudioProbe.Read(path);

        Assert.Equal(AudioProblem.WrongType, facts.Problem);
        Assert.Contains(expected, facts.Detail);
    }

    public static TheoryData<string, string> Damaged() => new()
    {
        { "wav-cut", "WAV recording but cannot be read: it was cut short" },
        { "wav-no-format", "WAV recording but cannot be read: the audio comes before its format" },
        { "wav-header-only", "WAV recording but cannot be read: it has no audio data" },
        { "m4a-cut", "M4A recording but cannot be read" },
        { "mp3-tag-only", "MP3 recording but cannot be read: it has a tag but no audio" },
        { "mp3-garbage", "MP3 recording but cannot be read: no MPEG audio frame" },
        { "ogg-header-only", "OGG recording but cannot be read" },
        { "wav-silent", "WAV recording but cannot be read: it holds no audio" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Read_DamagedRecording_CorruptWithTheReason(string what, string expected)
    {
        var path = Path.Combine(_folder, "call.bin");
        var wav = File.ReadAllBytes(SpeechFiles.Wav);
        byte[] bytes = what switch
        {
            "wav-cut" => wav[..(wav.Length / 2)],
            // The "data" chunk renamed so it comes first, before any "fmt ": chunk order matters in RIFF.
            "wav-no-format" => [.. wav[..12], .. "data"u8.ToArray(), 4, 0, 0, 0, 1, 2, 3, 4],
            "wav-header-only" => wav[..36],
            // ffmpeg writes the M4A index ("moov") after the audio, so a cut file has none.
            "m4a-cut" => File.ReadAllBytes(SpeechFiles.M4a)[..4000],
            "mp3-tag-only" => [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 10, .. new byte[10]],
            "mp3-garbage" => [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, .. Enumerable.Range(0, 2000).Select(i => (byte)(i % 200))],
            "ogg-header-only" => File.ReadAllBytes(SpeechFiles.Opus)[..60],
            // espeak-ng's header is the plain 44 bytes; a data size of 0 (a recorder that stopped at once) and nothing after.
            _ => [.. wav[..40], 0, 0, 0, 0],
        };
        File.WriteAllBytes(path, bytes);

        var facts = AudioProbe.Read(path);

        Assert.False(facts.Usable);
        Assert.Contains(expected, facts.Detail);
    }
}
