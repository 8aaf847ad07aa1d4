using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Candidates;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// A CV's passages and their sentence embeddings, computed once in the background after intake, so a JD edit only
/// embeds the JD. A row with no chunks means "nothing to embed" and is not retried.
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

    public DateTimeOffset ComputedAt { get; set; }

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
        b.HasOne<Candidate>().WithOne().HasForeignKey<CvEmbedding>(e => e.CandidateId).OnDelete(DeleteBehavior.Cascade);
    }
}
