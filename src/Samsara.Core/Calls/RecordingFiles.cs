namespace Samsara.Core.Calls;

/// <summary>Names and reads the recordings kept in the data folder.</summary>
public static class RecordingFiles
{
    public static string Extension(string mediaType, Uri url) => mediaType switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/ogg" => "ogg",
        _ => Path.GetExtension(url.AbsolutePath).TrimStart('.').ToLowerInvariant() is { Length: > 0 and <= 4 } ext && ext.All(char.IsLetterOrDigit) ? ext : "bin",
    };

    public static string ContentType(string extension) => extension switch
    {
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        _ => "application/octet-stream",
    };

    /// <summary>The length of a PCM WAV file from its header, or null when it is not one.</summary>
    public static TimeSpan? WavLength(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file);
            if (file.Length < 44 || reader.ReadUInt32() != 0x46464952 /* RIFF */)
            {
                return null;
            }

            file.Position = 28;
            var byteRate = reader.ReadInt32();
            file.Position = 12;
            while (file.Position + 8 <= file.Length)
            {
                var id = reader.ReadUInt32();
                var size = reader.ReadInt32();
                if (id == 0x61746164 /* data */)
                {
                    return byteRate > 0 ? TimeSpan.FromSeconds((double)Math.Min(size, file.Length - file.Position) / byteRate) : null;
                }

                file.Position += size + (size & 1);
            }

            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
