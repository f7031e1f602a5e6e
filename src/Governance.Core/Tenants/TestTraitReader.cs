using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Governance.Core.Tenants;

/// <summary>
/// Reads the traits of a test assembly's methods from its metadata, without loading or running it:
/// the VSTest TRX logger writes no xUnit traits and no NUnit categories (docs/tenant-isolation.md),
/// so the gate reads them where the compiler left them. The attributes read, matched by the full
/// name of their type (the assembly that defines it varies: MSTest 3 and 4 ship it in differently
/// named assemblies, and a project may define its own):
/// <list type="bullet">
/// <item><c>Xunit.TraitAttribute(string name, string value)</c>;</item>
/// <item><c>Microsoft.VisualStudio.TestTools.UnitTesting.TestCategoryAttribute(string)</c> and
/// <c>NUnit.Framework.CategoryAttribute(string)</c>, when the category is written <c>Name=Value</c>
/// (<see cref="TestTrait.FromCategory"/>); other categories are not traits.</item>
/// </list>
/// Traits are keyed as TRX names tests (observed for xUnit 2.9, MSTest 3.11 and 4.5, NUnit 4.4):
/// a nested class is <c>Ns.Outer+Inner</c>, and a test method inherited from a base class runs, and
/// is named, under each derived class. So every public method of a class, its own or inherited
/// from a base class in the same assembly, gets the traits on the method (on every method of that
/// name up the chain: overloads and overrides share a TRX name, and the frameworks inherit these
/// attributes), on its class and on that class's bases; traits on the assembly apply to every
/// method. Abstract classes, which no framework runs, are left out. A base class in another
/// assembly is not followed: its traits are not in this file.
/// </summary>
public static class TestTraitReader
{
    private const string XunitTrait = "Xunit.TraitAttribute";
    private const string MSTestCategory = "Microsoft.VisualStudio.TestTools.UnitTesting.TestCategoryAttribute";
    private const string NUnitCategory = "NUnit.Framework.CategoryAttribute";

    /// <summary>
    /// Reads <paramref name="assemblyPath"/>. Throws <see cref="BadImageFormatException"/> when it is
    /// not a .NET assembly (not a PE file, no metadata, or metadata that cannot be decoded), and the
    /// <see cref="IOException"/> of a file that cannot be read: the caller reports either, naming it.
    /// </summary>
    public static TestAssemblyTraits Read(string assemblyPath)
    {
        string name = Path.GetFileName(assemblyPath);

        // A TRX file names the assembly: a pipe there would hold the gate until a writer came.
        IO.RegularFile.RefuseSpecial(assemblyPath);
        using FileStream stream = File.OpenRead(assemblyPath);
        TestAssemblyTraits? traits;
        try
        {
            using var pe = new PEReader(stream);
            traits = pe.HasMetadata ? new Reading(pe.GetMetadataReader()).Traits(assemblyPath) : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or EndOfStreamException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // The metadata reader's own messages name neither the file nor what to do.
            throw new BadImageFormatException($"{name} is not a .NET assembly that can be read: {ex.Message} Point the gate at the test assembly `dotnet test` ran, and build it again if it was cut short.", assemblyPath, ex);
        }

        return traits ?? throw new BadImageFormatException(
            $"{name} is not a .NET assembly: it is a PE file without .NET metadata (a native library?). Point the gate at the test assembly `dotnet test` ran.", assemblyPath);
    }

    /// <summary>Which trait-bearing attribute a constructor makes, and how many strings it takes.</summary>
    private enum Kind
    {
        None,
        Trait,
        Category,
    }

    /// <summary>One pass over one assembly's metadata, with the lookups it caches.</summary>
    private sealed class Reading(MetadataReader md)
    {
        private readonly Dictionary<EntityHandle, Kind> kinds = new();
        private readonly Dictionary<TypeDefinitionHandle, string> names = new();

        public TestAssemblyTraits Traits(string assemblyPath)
        {
            // What each type declares: traits on the class, on each public method by name, and the names of its public methods.
            var declared = new Dictionary<TypeDefinitionHandle, Declared>();
            foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(handle);
                var own = new Declared(TraitsOf(type.GetCustomAttributes()));
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(methodHandle);
                    if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public || (method.Attributes & MethodAttributes.SpecialName) != 0)
                    {
                        continue; // test methods are public; constructors and accessors are not tests
                    }

                    string methodName = md.GetString(method.Name);
                    List<TestTrait> traits = TraitsOf(method.GetCustomAttributes());
                    if (own.Methods.TryGetValue(methodName, out List<TestTrait>? overload))
                    {
                        overload.AddRange(traits);
                    }
                    else
                    {
                        own.Methods.Add(methodName, traits);
                    }
                }

                declared.Add(handle, own);
            }

            var methods = new List<KeyValuePair<(string Class, string Method), IEnumerable<TestTrait>>>();
            foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(handle);
                if ((type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Sealed)) == TypeAttributes.Abstract)
                {
                    continue; // abstract (interfaces too): never run itself; its methods run under derived classes. Static classes are abstract and sealed.
                }

                // The class and its bases in this assembly, most derived first.
                var chain = new List<Declared>();
                for (TypeDefinitionHandle? at = handle; at is TypeDefinitionHandle current && chain.Count <= declared.Count; at = BaseOf(md.GetTypeDefinition(current)))
                {
                    chain.Add(declared.TryGetValue(current, out Declared? level)
                        ? level
                        : throw new BadImageFormatException($"The base type of {NameOf(handle)} is type definition row {MetadataTokens.GetRowNumber(current)}, which the metadata does not have."));
                }

                var classTraits = new List<TestTrait>();
                var methodNames = new SortedSet<string>(StringComparer.Ordinal);
                foreach (Declared level in chain)
                {
                    classTraits.AddRange(level.ClassTraits);
                    methodNames.UnionWith(level.Methods.Keys);
                }

                string className = NameOf(handle);
                foreach (string methodName in methodNames)
                {
                    var traits = new List<TestTrait>(classTraits);
                    foreach (Declared level in chain)
                    {
                        if (level.Methods.TryGetValue(methodName, out List<TestTrait>? own))
                        {
                            traits.AddRange(own);
                        }
                    }

                    if (traits.Count > 0)
                    {
                        methods.Add(new KeyValuePair<(string, string), IEnumerable<TestTrait>>((className, methodName), traits));
                    }
                }
            }

            List<TestTrait> assemblyTraits = md.IsAssembly ? TraitsOf(md.GetAssemblyDefinition().GetCustomAttributes()) : new List<TestTrait>();
            return new TestAssemblyTraits(assemblyPath, assemblyTraits, methods);
        }

        /// <summary>The traits the attributes in <paramref name="attributes"/> carry.</summary>
        private List<TestTrait> TraitsOf(CustomAttributeHandleCollection attributes)
        {
            var traits = new List<TestTrait>();
            foreach (CustomAttributeHandle handle in attributes)
            {
                CustomAttribute attribute = md.GetCustomAttribute(handle);
                Kind kind = KindOf(attribute.Constructor);
                if (kind == Kind.None)
                {
                    continue;
                }

                // The value blob: prolog 0x0001, then the constructor's string arguments (SerString: null or UTF-8).
                BlobReader value = md.GetBlobReader(attribute.Value);
                if (value.ReadUInt16() != 1)
                {
                    throw new BadImageFormatException("A custom attribute value does not start with the prolog 0x0001.");
                }

                string? first = value.ReadSerializedString();
                if (kind == Kind.Trait)
                {
                    string? second = value.ReadSerializedString();

                    // A trait without a name names nothing (and the recorded form has no nameless trait).
                    if (first is not null && first.Trim().Length > 0 && second is not null)
                    {
                        traits.Add(new TestTrait(first, second));
                    }
                }
                else if (TestTrait.FromCategory(first) is TestTrait trait)
                {
                    traits.Add(trait);
                }
            }

            return traits;
        }

        /// <summary>What an attribute constructor is: matched by its type's full name and a signature of only strings (two for a trait, one for a category).</summary>
        private Kind KindOf(EntityHandle constructor)
        {
            if (kinds.TryGetValue(constructor, out Kind known))
            {
                return known;
            }

            string? typeName = null;
            BlobHandle signature = default;
            switch (constructor.Kind)
            {
                case HandleKind.MemberReference:
                    // The usual case: the attribute is defined in another assembly (xunit.core, MSTest.TestFramework, nunit.framework).
                    MemberReference reference = md.GetMemberReference((MemberReferenceHandle)constructor);
                    typeName = reference.Parent.Kind switch
                    {
                        HandleKind.TypeReference => NameOf((TypeReferenceHandle)reference.Parent),
                        HandleKind.TypeDefinition => NameOf((TypeDefinitionHandle)reference.Parent),
                        _ => null,
                    };
                    signature = reference.Signature;
                    break;
                case HandleKind.MethodDefinition:
                    // The attribute is defined in this assembly.
                    MethodDefinition definition = md.GetMethodDefinition((MethodDefinitionHandle)constructor);
                    typeName = NameOf(definition.GetDeclaringType());
                    signature = definition.Signature;
                    break;
            }

            Kind kind = typeName switch
            {
                XunitTrait => Kind.Trait,
                MSTestCategory or NUnitCategory => Kind.Category,
                _ => Kind.None,
            };
            if (kind != Kind.None && !TakesStrings(signature, kind == Kind.Trait ? 2 : 1))
            {
                kind = Kind.None; // another constructor (NUnit's protected parameterless one): no strings to read
            }

            kinds.Add(constructor, kind);
            return kind;
        }

        /// <summary>True when the method signature is an instance method returning void with exactly <paramref name="count"/> string parameters.</summary>
        private bool TakesStrings(BlobHandle signature, int count)
        {
            BlobReader reader = md.GetBlobReader(signature);
            SignatureHeader header = reader.ReadSignatureHeader();
            if (header.Kind != SignatureKind.Method || header.IsGeneric || reader.ReadCompressedInteger() != count || reader.ReadSignatureTypeCode() != SignatureTypeCode.Void)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (reader.ReadSignatureTypeCode() != SignatureTypeCode.String)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The base class when it is defined in this assembly (directly, or as a generic instance such as <c>Base&lt;int&gt;</c>), else null.</summary>
        private TypeDefinitionHandle? BaseOf(TypeDefinition type)
        {
            EntityHandle baseType = type.BaseType;
            if (baseType.Kind == HandleKind.TypeSpecification)
            {
                BlobReader reader = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)baseType).Signature);
                if (reader.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance || reader.ReadSignatureTypeCode() != SignatureTypeCode.TypeHandle)
                {
                    return null;
                }

                baseType = reader.ReadTypeHandle();
            }

            return !baseType.IsNil && baseType.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)baseType : null;
        }

        /// <summary>
        /// A type's name as TRX writes a class: <c>Namespace.Name</c>, nested types after their declaring
        /// type with <c>+</c>. Walked out without recursion, and a loop (a type declared inside itself,
        /// which only hand-made metadata has) is a bad image: recursion there would overflow the stack,
        /// which nothing can catch.
        /// </summary>
        private string NameOf(TypeDefinitionHandle handle)
        {
            if (names.TryGetValue(handle, out string? known))
            {
                return known;
            }

            // From the type outward, up to a type already named or the outermost one.
            var unnamed = new List<TypeDefinitionHandle>();
            string? outer = null;
            for (TypeDefinitionHandle at = handle; !at.IsNil && !names.TryGetValue(at, out outer); at = md.GetTypeDefinition(at).GetDeclaringType())
            {
                if (unnamed.Count >= md.TypeDefinitions.Count)
                {
                    throw new BadImageFormatException($"Its nested types form a loop: {md.GetString(md.GetTypeDefinition(handle).Name)} is declared inside itself.");
                }

                unnamed.Add(at);
            }

            for (int i = unnamed.Count - 1; i >= 0; i--)
            {
                TypeDefinition type = md.GetTypeDefinition(unnamed[i]);
                outer = outer is null ? Qualified(md.GetString(type.Namespace), md.GetString(type.Name)) : outer + "+" + md.GetString(type.Name);
                names.Add(unnamed[i], outer);
            }

            return outer!;
        }

        /// <summary>As <see cref="NameOf(TypeDefinitionHandle)"/>, for a type of another assembly; a reference scoped to itself is a bad image.</summary>
        private string NameOf(TypeReferenceHandle handle)
        {
            var names = new List<string>();
            int limit = md.GetTableRowCount(TableIndex.TypeRef);
            TypeReference type = md.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                if (names.Count >= limit)
                {
                    throw new BadImageFormatException($"Its type references form a loop: {md.GetString(md.GetTypeReference(handle).Name)} is scoped to itself.");
                }

                names.Add(md.GetString(type.Name));
                type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            names.Add(Qualified(md.GetString(type.Namespace), md.GetString(type.Name)));
            names.Reverse();
            return string.Join("+", names);
        }

        private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>What one type declares: the traits on it, and each public method name's traits (overloads together).</summary>
    private sealed class Declared(List<TestTrait> classTraits)
    {
        public List<TestTrait> ClassTraits { get; } = classTraits;

        public Dictionary<string, List<TestTrait>> Methods { get; } = new(StringComparer.Ordinal);
    }
}
