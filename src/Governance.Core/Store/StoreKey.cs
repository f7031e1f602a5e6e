using System;
using System.IO;
using System.Linq;

namespace Governance.Core.Store;

/// <summary>Checks keys and stream names: '/'-separated segments that can never climb out of the store, whatever a manifest says.</summary>
public static class StoreKey
{
    /// <summary>The segments of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">A segment is empty, '.' or '..', or holds a separator, ':' or a character no file name may hold.</exception>
    public static string[] Segments(string key)
    {
        string[] segments = key.Split('/');
        foreach (string segment in segments)
        {
            if (segment.Length == 0 || segment == "." || segment == ".." || segment.IndexOfAny(new[] { '\\', ':' }) >= 0 ||
                segment.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || segment.Any(char.IsControl))
            {
                throw new ArgumentException($"'{key}' cannot name a record in the release store.", nameof(key));
            }
        }

        return segments;
    }
}
