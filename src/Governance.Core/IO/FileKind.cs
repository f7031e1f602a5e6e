namespace Governance.Core.IO;

/// <summary>What a path is, without following a link at its end (see <see cref="RegularFile.KindOf"/>).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,

    /// <summary>A symbolic link or junction: not followed.</summary>
    Link,

    /// <summary>A pipe, socket or device: reading one may never end, or never start.</summary>
    Special,
}
