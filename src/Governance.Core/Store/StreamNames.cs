using System.Linq;

namespace Governance.Core.Store;

/// <summary>How a name from outside (a gate subject) becomes one segment of a stream's name: one place, so every history of a subject sits under the same segment.</summary>
public static class StreamNames
{
    /// <summary>A subject name as one folder name in the store: letters, digits, '.', '-' and '_' kept (lower-cased), anything else '_'.</summary>
    public static string Subject(string subject)
    {
        string safe = new string(subject.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? char.ToLowerInvariant(c) : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
