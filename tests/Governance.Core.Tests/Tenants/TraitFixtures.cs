// Classes whose traits TestTraitReaderTests reads from this assembly's metadata. None is a test:
// no method has [Fact], so xUnit discovers nothing here; the attributes are only ever read as data.
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NUnit.Framework;

[assembly: Category("Suite=governance-core")]

namespace Governance.Core.Tests.Tenants.Fixtures;

public class XunitStyle
{
    [Trait("Capability", "orders.read")]
    [Trait("Isolation", "cross-tenant-read")]
    public void ReadOrders_IsIsolated()
    {
    }

    /// <summary>A theory: its rows all map to this one method.</summary>
    [Trait("Capability", "orders.read")]
    [Trait("Isolation", "listing-leak")]
    public void TheoryRows(int a, int b)
    {
    }

    /// <summary>An overload: TRX names both methods the same, so their traits are one set.</summary>
    [Trait("Isolation", "paging-leak")]
    public void TheoryRows(string page)
    {
    }

    [Trait("Capability", "hidden")]
    internal void NotPublic()
    {
    }

    public void Untagged()
    {
    }

    public class Nested
    {
        [Trait("Capability", "orders.nested")]
        public void NestedFact()
        {
        }
    }
}

[Trait("Capability", "orders.write")]
public class ClassLevel
{
    [Trait("Isolation", "cross-tenant-write")]
    public void WriteOrders()
    {
    }

    public void Untagged()
    {
    }
}

[Trait("Capability", "billing")]
public abstract class BaseFixture
{
    [Trait("Isolation", "cross-tenant-read")]
    public void InheritedFact()
    {
    }

    [Trait("Isolation", "base-scenario")]
    public virtual void Overridden()
    {
    }
}

public class DerivedFixture : BaseFixture
{
    [Trait("Isolation", "derived-scenario")]
    public override void Overridden()
    {
    }
}

public class GenericBase<T>
{
    [Trait("Capability", "generic")]
    public void FromGenericBase()
    {
    }
}

public class ClosedGeneric : GenericBase<int>
{
}

public class MSTestStyle
{
    [TestCategory("Capability=orders.read")]
    [TestCategory("Isolation=listing-leak")]
    [TestCategory("smoke")]
    public void ListOrders()
    {
    }
}

[Category("Capability=payments")]
public class NUnitStyle
{
    [Category(" Isolation = cross-tenant-write ")]
    public void CaseRows(int a)
    {
    }
}

public class LookAlikeStyle
{
    [LookAlikes.Category("Capability=fake")]
    [LookAlikes.Smoke]
    public void LookAlikesOnly()
    {
    }
}
