using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Candidates;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// A CV's passages and their sentence embeddings, computed once in the background after intake, so a JD edit only
/// embeds the JD. A row with no chunks means "nothing to embed" and is not retried. A CV edited after
/// <see cref="ComputedAt"/> is looked at again and embedded again when the text it embeds changed
/// (<see cref="SourceHash"/>). A CV whose embedding keeps failing is retried with backoff, then given up on with a
/// <see cref="Failure"/> reason; its score counts words only.
/// </summary>
public sealed class CvEmbedding
{
    public Guid CandidateId { get; set; }

    /// <summary>Which model made the vectors; a different model means embedding again.</summary>
    public required string Model { get; set; }

    /// <summary>Chunk vectors as little-endian float32, chunk after chunk.</summary>
    public required byte[] Vectors { get; set; }

    /// <summary>The passages as JSON, quoted in explanations.</summary>
    public required string ChunksJson { get; set; }

    /// <summary>When the CV was last looked at (embedded, found unchanged, or tried and failed).</summary>
    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>SHA-256 of the passages embedded; an edit that leaves them as they were costs no model call.</summary>
    public string? SourceHash { get; set; }

    /// <summary>Failed tries since the passages last changed.</summary>
    public int Attempts { get; set; }

    /// <summary>When a failed CV is tried again; null when nothing is scheduled.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Why the CV could not be embedded, once the worker gave up; shown with its score.</summary>
    public string? Failure { get; set; }

    public CvVectors ToVectors(int dimensions)
    {
        var chunks = JsonSerializer.Deserialize<List<string>>(ChunksJson) ?? [];
        var floats = new float[Vectors.Length / sizeof(float)];
        Buffer.BlockCopy(Vectors, 0, floats, 0, floats.Length * sizeof(float));
        var vectors = new List<float[]>(chunks.Count);
        for (var i = 0; i + dimensions <= floats.Length && vectors.Count < chunks.Count; i += dimensions)
        {
            vectors.Add(floats[i..(i + dimensions)]);
        }

        return new CvVectors(chunks.Take(vectors.Count).ToList(), vectors);
    }

    public static byte[] Pack(IReadOnlyList<float[]> vectors)
    {
        var floats = vectors.SelectMany(v => v).ToArray();
        var bytes = new byte[floats.Length * sizeof(float)];
        Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}

internal sealed class CvEmbeddingConfiguration : IEntityTypeConfiguration<CvEmbedding>
{
    public void Configure(EntityTypeBuilder<CvEmbedding> b)
    {
        b.ToTable("cv_embeddings");
        b.HasKey(e => e.CandidateId);
        b.Property(e => e.Model).HasMaxLength(64);
        b.Property(e => e.SourceHash).HasMaxLength(64);
        b.Property(e => e.Failure).HasMaxLength(500);
        b.HasOne<Candidate>().WithOne().HasForeignKey<CvEmbedding>(e => e.CandidateId).OnDelete(DeleteBehavior.Cascade);
    }
}
