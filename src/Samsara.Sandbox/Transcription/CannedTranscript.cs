namespace Samsara.Sandbox.Transcription;

/// <summary>
/// The conversation the transcription simulators "hear" in any audio: two speakers, word timings
/// spread evenly over the audio's duration. Audio is not decoded; only its duration (from the header, see <see cref="AudioDuration"/>) matters.
/// </summary>
internal static class CannedTranscript
{
    public sealed record Word(string Text, double Start, double End, int Speaker);

    public sealed record Utterance(int Speaker, string Text, double Start, double End, IReadOnlyList<Word> Words);

    private static readonly (int Speaker, string Text)[] Lines =
    [
        (0, "Thanks for taking the call. This call is recorded."),
        (1, "No problem, happy to talk."),
        (0, "Tell me about your current role."),
        (1, "I lead a team of five backend engineers working in C sharp."),
    ];

    public static IReadOnlyList<Utterance> Utterances(double durationSeconds)
    {
        var words = Lines.SelectMany(l => l.Text.Split(' ').Select(w => (l.Speaker, Word: w))).ToList();
        var perWord = Math.Max(durationSeconds, 1) / words.Count;
        var result = new List<Utterance>();
        var index = 0;
        foreach (var (speaker, text) in Lines)
        {
            var lineWords = text.Split(' ')
                .Select(w => new Word(w, Math.Round(index * perWord, 3), Math.Round(++index * perWord, 3), speaker))
                .ToList();
            result.Add(new Utterance(speaker, text, lineWords[0].Start, lineWords[^1].End, lineWords));
        }

        return result;
    }

    public static string Bare(string word) => word.Trim('.', ',', '?', '!').ToLowerInvariant();
}
