using System;

namespace Governance.Core.Bundles;

/// <summary>The files given for a bundle cannot make one (two with one name, one inside the folder the bundle rewrites): nothing was written.</summary>
public sealed class BundleInputException : Exception
{
    public BundleInputException(string message)
        : base(message)
    {
    }
}
