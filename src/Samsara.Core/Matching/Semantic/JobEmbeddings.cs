namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// The JD's vectors for rescoring: the whole ad (title and requirements) and each requirement, for "related"
/// evidence. Rescores come in bursts while an import embeds, so the last few jobs' vectors are kept by their text.
/// </summary>
public sealed class JobEmbeddings(ISentenceEmbedder embedder)
{
    private const int Kept = 32;
    private readonly Dictionary<(Guid, string), JobVectors> cache = [];
    private readonly Queue<(Guid, string)> order = new();
    private readonly Lock gate = new();

    public async Task<JobVectors> ForAsync(Guid jobId, JobRequirements job, CancellationToken ct)
    {
        var texts = Texts(job);
        var key = (jobId, string.Join('\n', texts));
        lock (gate)
        {
            if (cache.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        var vectors = await Task.Run(() => embedder.Embed(texts, ct), ct);
        var result = new JobVectors(vectors[0], vectors[1..]);
        lock (gate)
        {
            if (cache.TryAdd(key, result))
            {
                order.Enqueue(key);
                if (order.Count > Kept)
                {
                    cache.Remove(order.Dequeue());
                }
            }
        }

        return result;
    }

    /// <summary>The ad as one passage first (title and requirements are what a CV should echo), then each requirement.</summary>
    public static List<string> Texts(JobRequirements job)
    {
        var whole = string.Join(". ", new[] { job.Title }.Concat(job.Requirements.Select(r => r.Text)).Where(t => !string.IsNullOrWhiteSpace(t)));
        return [whole.Length == 0 ? "job" : whole, .. job.Requirements.Select(r => r.Text)];
    }
}
