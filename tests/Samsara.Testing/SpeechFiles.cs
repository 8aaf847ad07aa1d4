using System.Diagnostics;
using System.Globalization;

namespace Samsara.Testing;

/// <summary>
/// Real recordings of speech for upload tests: espeak-ng says a line into a WAV, ffmpeg encodes it as MP3, M4A (AAC),
/// OGG/Opus and OGG/Vorbis, and ffprobe says how long each really is. Made once per test run (test.sh installs both tools).
/// </summary>
public static class SpeechFiles
{
    public const string Line = "Thanks for taking the call. I lead a team of five engineers, and my notice period is one month.";

    private static readonly Lazy<string> Folder = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>espeak-ng's own WAV: 22,050 Hz mono, 16-bit (about 44 KB a second).</summary>
    public static string Wav => Path.Combine(Folder.Value, "speech.wav");

    /// <summary>The same speech as an 8 kHz mono WAV (16 KB a second), small enough for a test's low size limit.</summary>
    public static string SmallWav => Path.Combine(Folder.Value, "speech-8k.wav");

    public static string Mp3 => Path.Combine(Folder.Value, "speech.mp3");

    /// <summary>The MP3 without the Xing/Info frame that counts its frames: a plain constant-bit-rate stream, as some recorders write.</summary>
    public static string PlainMp3 => Path.Combine(Folder.Value, "speech-plain.mp3");

    public static string M4a => Path.Combine(Folder.Value, "speech.m4a");

    public static string Opus => Path.Combine(Folder.Value, "speech.opus.ogg");

    public static string Vorbis => Path.Combine(Folder.Value, "speech.vorbis.ogg");

    /// <summary>A one-second MP4 video with no sound track.</summary>
    public static string SilentVideo => Path.Combine(Folder.Value, "video.mp4");

    /// <summary>The length ffprobe reads (it decodes the container as a player does).</summary>
    public static double ProbedSeconds(string path) =>
        double.Parse(Run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path).Trim(), CultureInfo.InvariantCulture);

    private static string Make()
    {
        var folder = Path.Combine(Path.GetTempPath(), "samsara-speech", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string In(string name) => Path.Combine(folder, name);
        Run("espeak-ng", "-w", In("speech.wav"), Line);
        Ffmpeg("-i", In("speech.wav"), "-ar", "8000", In("speech-8k.wav"));
        Ffmpeg("-i", In("speech.wav"), "-c:a", "libmp3lame", "-b:a", "64k", In("speech.mp3"));
        Ffmpeg("-i", In("speech.wav"), "-c:a", "libmp3lame", "-b:a", "64k", "-write_xing", "0", In("speech-plain.mp3"));
        Ffmpeg("-i", In("speech.wav"), "-c:a", "aac", In("speech.m4a"));
        Ffmpeg("-i", In("speech.wav"), "-c:a", "libopus", In("speech.opus.ogg"));
        Ffmpeg("-i", In("speech.wav"), "-c:a", "libvorbis", In("speech.vorbis.ogg"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10", "-an", "-c:v", "mpeg4", In("video.mp4"));
        return folder;
    }

    private static void Ffmpeg(params string[] args) => Run("ffmpeg", ["-y", "-loglevel", "error", .. args]);

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed (test.sh installs espeak-ng and ffmpeg): {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
            }

            return output.Result;
        }
    }
}
