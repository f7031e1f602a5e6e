// Stand-ins for the MSTest and NUnit category attributes, under the full names the trait reader
// matches, so the tests can read categories from this assembly's own metadata without referencing
// either framework. Being defined here, their constructors are MethodDefinitions (the attribute in
// the same assembly); xUnit's real TraitAttribute covers the usual MemberReference case.
using System;

namespace Microsoft.VisualStudio.TestTools.UnitTesting
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Assembly, AllowMultiple = true)]
    public sealed class TestCategoryAttribute : Attribute
    {
        public TestCategoryAttribute(string testCategory) => TestCategory = testCategory;

        public string TestCategory { get; }
    }
}

namespace NUnit.Framework
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Assembly, AllowMultiple = true)]
    public class CategoryAttribute : Attribute
    {
        public CategoryAttribute(string name) => Name = name;

        /// <summary>As NUnit's: subclasses take their category from their own name. No string is written, so no trait is read.</summary>
        protected CategoryAttribute() => Name = GetType().Name;

        public string Name { get; }
    }
}

namespace Governance.Core.Tests.Tenants.LookAlikes
{
    /// <summary>Same simple name as NUnit's, another namespace: not a trait.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CategoryAttribute : Attribute
    {
        public CategoryAttribute(string name) => Name = name;

        public string Name { get; }
    }

    /// <summary>A subclass through NUnit's parameterless constructor: its blob has no string.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SmokeAttribute : NUnit.Framework.CategoryAttribute
    {
    }
}
