using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Threading.Tasks;
using Governance.Core.Evaluation;
using Governance.Core.Evidence;
using Governance.Core.IO;
using Governance.Core.Lineage;
using Governance.Core.Tenants;
using Governance.Core.Tests.Evidence;

namespace Governance.Core.Tests.Tenants.Adversarial
{
    /// <summary>Read as data by <see cref="TenantAdversarialTests"/>: a trait without a name beside real ones.</summary>
    public class NamelessTraitFixture
    {
        [Trait("", "nameless")]
        [Trait("Capability", "orders.read")]
        [Trait("Isolation", "cross-tenant-read")]
        public void Isolated()
        {
        }
    }
}

namespace Governance.Core.Tests.Tenants
{
    /// <summary>
    /// Inputs shaped to make the tenant-isolation check say go when it should not, crash, hang, read
    /// what it should not, or decide differently on replay. Each test is one way in that is now closed.
    /// </summary>
    public class TenantAdversarialTests
    {
        private const string Sha = "0123456789abcdef0123456789abcdef01234567";
        private static readonly string[] Isolation = { "Capability=orders.read", "Isolation=cross-tenant-read" };

        private static GateRequest Repository(TempDirectory dir, params string[] trx)
        {
            dir.Write(".git/HEAD", "ref: refs/heads/main\n");
            dir.Write(".git/refs/heads/main", Sha + "\n");
            string project = dir.Write("src/App/App.csproj", "<Project />");
            string source = dir.Write("src/App/Program.cs", "class P {}");
            string assembly = dir.Write("src/App/bin/App.dll", "binary");
            string fragment = dir.Combine("src/App/obj/governance/collect.json");
            var inputs = new LineageFragmentInputs { Sources = new[] { source, project }, Artifacts = new[] { assembly } };
            AtomicFile.WriteAllBytes(fragment, LineageFragment.Create("App", project, "net10.0", inputs, FileDigestCache.Empty()).ToCanonicalJson());
            for (int i = 0; i < trx.Length; i++)
            {
                dir.Write($"artifacts/test-results/run{i}.trx", trx[i]);
            }

            dir.Write("capabilities.json", """
                { "capabilities": [
                  { "id": "orders.read", "owner": "team-a", "channel": "public", "risk": "high", "cohort": 1, "sameTenant": "enforced" }
                ] }
                """);
            dir.Write("governance.json", """
                {
                  "policyVersion": "1",
                  "profile": "strict",
                  "gate": { "blockingBranches": ["main"] },
                  "metrics": ["artifacts/test-results/*.trx"],
                  "tenantIsolation": { "registry": "capabilities.json", "requiredCohorts": [1] }
                }
                """);
            return new GateRequest
            {
                GovernanceRoot = dir.Path,
                PolicyFile = dir.Combine("governance.json"),
                Now = "2026-11-26T00:00:00Z",
                SubjectName = "App",
                SubjectVersion = "1.0.0",
                Projects = new[] { new GateProject(project, fragment, "net10.0") },
                Environment = _ => null,
                UtcNow = () => new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero),
            };
        }

        private sealed record Test(string Id, string Method, string Outcome, string[]? Categories = null);

        /// <summary>A TRX file as the logger writes one, with MSTest categories so that no assembly is needed for traits.</summary>
        private static string Trx(string codeBase, Test[] definitions, Test[] results)
        {
            var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"r\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n");
            foreach (Test t in results)
            {
                text.Append($"    <UnitTestResult testId=\"{t.Id}\" testName=\"{t.Method}\" outcome=\"{t.Outcome}\" />\n");
            }

            text.Append("  </Results>\n  <TestDefinitions>\n");
            foreach (Test t in definitions)
            {
                text.Append($"    <UnitTest name=\"{t.Method}\" storage=\"{codeBase.ToLowerInvariant()}\" id=\"{t.Id}\">\n");
                if (t.Categories is not null)
                {
                    text.Append("      <TestCategory>\n");
                    foreach (string category in t.Categories)
                    {
                        text.Append($"        <TestCategoryItem TestCategory=\"{category}\" />\n");
                    }

                    text.Append("      </TestCategory>\n");
                }

                text.Append($"      <TestMethod codeBase=\"{codeBase}\" adapterTypeName=\"executor://mstestadapter/v2\" className=\"Shop.Tests.OrderTests\" name=\"{t.Method}\" />\n    </UnitTest>\n");
            }

            return text.Append("  </TestDefinitions>\n</TestRun>\n").ToString();
        }

        private static string Trx(string codeBase, params Test[] tests) => Trx(codeBase, tests, tests);

        private static TrxRead Read(string trx) => TrxTestResults.Read("/results/run.trx", Encoding.UTF8.GetBytes(trx));

        private static CheckResult Check(GateReport report, string id) => Assert.Single(report.Checks, c => c.Id == id);

        private static string Blocking(GateReport report) => string.Join("\n", report.Checks.Where(c => c.IsBlocking).Select(c => $"{c.Code} {c.Message}"));

        // An outcome in another case than the logger's ("failed") was read as "not run": beside a passing row the capability was covered and the gate said go.
        [Fact]
        public void A_failure_spelled_in_lower_case_beside_a_passing_row_does_not_make_the_gate_go()
        {
            using var dir = new TempDirectory();
            string trx = Trx("/ci/Shop.Tests.dll", new Test("t1", "Passes", "Passed", Isolation), new Test("t2", "Fails", "failed", Isolation));

            GateReport report = GateEvaluator.Evaluate(Repository(dir, trx)).Report;

            Assert.False(report.IsGo);
            CheckResult problem = Assert.Single(report.Checks, c => c.Id == TenantIsolationCheck.ResultsCheckId && c.IsBlocking);
            Assert.Equal("GOV1007", problem.Code);
            Assert.Contains("run0.trx has a test result at line 5 (Fails) with the outcome 'failed', which the TRX logger does not write", problem.Message, StringComparison.Ordinal);
            Assert.Equal(5, problem.Locations.Single().Line);
        }

        [Theory]
        [InlineData("failed")]
        [InlineData("passed")]
        [InlineData("FAILED")]
        [InlineData("Crashed")]
        [InlineData(" Failed")]
        public void An_outcome_the_logger_does_not_write_is_a_problem_at_its_line_and_gives_no_rows(string outcome)
        {
            TrxRead read = Read(Trx("/ci/Shop.Tests.dll", new Test("t1", "Passes", "Passed", Isolation), new Test("t2", "Odd", outcome, Isolation)));

            Assert.Empty(read.Rows);
            Assert.Equal(("GOV1007", 5), (read.Problem!.Descriptor.Code, read.Problem.Location!.Line));
            Assert.Contains($"with the outcome '{outcome}', which the TRX logger does not write", read.Problem.Message, StringComparison.Ordinal);
        }

        // The first of two definitions with one id won: a result could be credited to the isolation test while another test ran.
        [Theory]
        [InlineData("shared")]
        [InlineData("SHARED")]
        public void A_test_id_defined_twice_is_a_problem_rather_than_a_guess_at_which_test_ran(string secondId)
        {
            var isolation = new Test("shared", "Isolated", "Passed", Isolation);
            var other = new Test(secondId, "Unrelated", "Passed");

            TrxRead read = Read(Trx("/ci/Shop.Tests.dll", new[] { isolation, other }, new[] { other }));

            Assert.Empty(read.Rows);
            Assert.Equal(("GOV1007", 14), (read.Problem!.Descriptor.Code, read.Problem.Location!.Line));
            Assert.Contains($"defines the test id {secondId} twice, as different tests (lines 7 and 14)", read.Problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void The_same_test_defined_twice_as_a_merged_file_has_it_is_read_and_each_result_counts()
        {
            var passed = new Test("shared", "Isolated", "Passed", Isolation);
            var failed = new Test("shared", "Isolated", "Failed", Isolation);

            TrxRead read = Read(Trx("/ci/Shop.Tests.dll", new[] { passed, passed }, new[] { passed, failed }));

            Assert.Null(read.Problem);
            Assert.Equal(new[] { TestOutcome.Passed, TestOutcome.Failed }, read.Rows.Select(r => r.Outcome));
        }

        // A relative codeBase was read from the gate's current folder: whatever assembly sat there proved the capability, and a replay elsewhere read another.
        [Theory]
        [InlineData("Shop.Tests.dll")]
        [InlineData("bin/Release/Shop.Tests.dll")]
        [InlineData("../../outside/Shop.Tests.dll")]
        public void A_test_assembly_named_by_a_relative_path_is_a_problem(string codeBase)
        {
            TrxRead read = Read(Trx(codeBase, new Test("t1", "Isolated", "Passed")));

            Assert.Empty(read.Rows);
            Assert.Equal("GOV1007", read.Problem!.Descriptor.Code);
            Assert.Contains($"with the assembly '{codeBase}', which is not a full path on this machine", read.Problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_full_path_with_dot_dot_segments_is_still_a_full_path()
        {
            string codeBase = OperatingSystem.IsWindows() ? @"C:\ci\bin\..\Shop.Tests.dll" : "/ci/bin/../Shop.Tests.dll";

            TrxRead read = Read(Trx(codeBase, new Test("t1", "Isolated", "Passed")));

            Assert.Null(read.Problem);
            Assert.Equal(codeBase, Assert.Single(read.Rows).Assembly);
        }

        // Globs were regular expressions with a 1 s timeout: "*a*a*…*c" against a long name threw RegexMatchTimeoutException out of the gate (a stack trace), and each name could cost up to a second.
        [Fact]
        public void A_glob_that_would_make_a_backtracking_matcher_explode_is_matched_at_once()
        {
            var glob = new TestNameGlob(string.Concat(Enumerable.Repeat("*a", 20)) + "*c");
            string name = new('a', 5000);

            var clock = Stopwatch.StartNew();
            bool matched = glob.IsMatch(name);
            bool matchedWithC = glob.IsMatch(name + "c");

            Assert.False(matched);
            Assert.True(matchedWithC);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        }

        [Theory]
        [InlineData("Shop.Tests.*", "Shop.Tests.OrderTests.Read", true)]
        [InlineData("Shop.Tests.*", "Shop.TestsX", false)]
        [InlineData("*", "", true)]
        [InlineData("*", "anything.at.all", true)]
        [InlineData("?", "", false)]
        [InlineData("Shop.?ests.*Read", "Shop.Tests.OrderTests.Read", true)]
        [InlineData("Shop.?ests.*Read", "Shop.Tests.OrderTests.ReadAll", false)]
        [InlineData("*Tests+Nested*.*", "Lab.Xunit.OrderTests+NestedTests.NestedFact", true)]
        [InlineData("shop.tests.*", "Shop.Tests.OrderTests.Read", false)]
        [InlineData("a*b*c", "abXbYc", true)]
        [InlineData("a*b*c", "abXbYcZ", false)]
        [InlineData("**a**", "xay", true)]
        [InlineData("Shop.Tests.OrderTests.Read", "Shop.Tests.OrderTests.Read", true)]
        [InlineData("[a]*", "[a]x", true)]
        [InlineData("a.c", "abc", false)]
        public void Globs_match_star_and_question_mark_and_nothing_else_case_sensitively(string pattern, string name, bool expected)
        {
            Assert.Equal(expected, new TestNameGlob(pattern).IsMatch(name));
        }

        // A FIFO matched by the TRX glob, or named as a test assembly, held the gate until a writer came: forever on a CI machine.
        [Fact]
        public async Task A_pipe_as_a_TRX_file_or_as_a_test_assembly_is_refused_rather_than_waited_for()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using var dir = new TempDirectory();
            string fifoAssembly = dir.Combine("tests/bin/Shop.Tests.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(fifoAssembly)!);
            MakeFifo(fifoAssembly);
            GateRequest request = Repository(dir, Trx(fifoAssembly, new Test("t1", "Isolated", "Passed")));
            MakeFifo(dir.Combine("artifacts/test-results/zz-pipe.trx"));

            GateReport report = await Within(() => GateEvaluator.Evaluate(request).Report);

            Assert.False(report.IsGo);
            Assert.Contains(report.Checks, c => c.Code == "GOV1005" && c.Message.Contains("The test results artifacts/test-results/zz-pipe.trx cannot be read: it is a pipe, socket or device, not a file", StringComparison.Ordinal));
            Assert.Contains(report.Checks, c => c.Code == "GOV1005" && c.Message.Contains("The test assembly tests/bin/Shop.Tests.dll that artifacts/test-results/run0.trx names cannot be read as a .NET assembly (it is a pipe, socket or device, not a file)", StringComparison.Ordinal));
        }

        // A link to /dev/zero, which git can carry: read to the end, it allocates until the runtime gives up at 2 GB.
        [Fact]
        public async Task A_link_to_a_device_as_a_TRX_file_or_test_assembly_is_refused()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using var dir = new TempDirectory();
            string assembly = dir.Combine("tests/bin/Shop.Tests.dll");
            Directory.CreateDirectory(Path.GetDirectoryName(assembly)!);
            File.CreateSymbolicLink(assembly, "/dev/zero");
            GateRequest request = Repository(dir, Trx(assembly, new Test("t1", "Isolated", "Passed")));
            File.CreateSymbolicLink(dir.Combine("artifacts/test-results/zero.trx"), "/dev/zero");

            GateReport report = await Within(() => GateEvaluator.Evaluate(request).Report);

            Assert.False(report.IsGo);
            Assert.Contains(report.Checks, c => c.Code == "GOV1005" && c.Message.Contains("artifacts/test-results/zero.trx cannot be read: it is a pipe, socket or device, not a file", StringComparison.Ordinal));
            Assert.Contains(report.Checks, c => c.Code == "GOV1005" && c.Message.Contains("The test assembly tests/bin/Shop.Tests.dll that artifacts/test-results/run0.trx names cannot be read as a .NET assembly (it is a pipe, socket or device, not a file)", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Plan_write_refuses_a_registry_that_became_a_pipe()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            using var dir = new TempDirectory();
            string registry = dir.Combine("capabilities.json");
            MakeFifo(registry);

            CapabilityRegistryEdit edit = await Within(() => CapabilityRegistryEditor.Assign(registry, new string('0', 64), new[] { "orders.read" }, 2));

            Assert.False(edit.Written);
            Assert.Equal("GOV1005", Assert.Single(edit.Problems).Descriptor.Code);
            Assert.Contains("it is a pipe, socket or device, not a file", edit.Problems[0].Message, StringComparison.Ordinal);
        }

        // [Trait("", "x")] was read, recorded, and then refused by the replay ("the recorded traits are not well-formed"): a go decision that could not be replayed.
        [Fact]
        public void A_trait_without_a_name_is_not_read_and_the_decision_replays()
        {
            using var dir = new TempDirectory();
            string assembly = typeof(Adversarial.NamelessTraitFixture).Assembly.Location;
            string trx = Trx(assembly, new Test("t1", "Isolated", "Passed")).Replace("Shop.Tests.OrderTests", typeof(Adversarial.NamelessTraitFixture).FullName, StringComparison.Ordinal);
            GateRequest request = Repository(dir, trx);

            string package = EvidencePackageTests.Gate(request, dir.Combine("artifacts"));
            GateReport report = GateEvaluator.Evaluate(request).Report;
            ReplayResult replay = EvidenceReplay.Replay(package);

            Assert.True(report.IsGo, Blocking(report));
            Assert.Equal(CheckStatus.Pass, Check(report, "tenant:orders.read").Status);
            Assert.DoesNotContain(TestTraitReader.Read(assembly).For(typeof(Adversarial.NamelessTraitFixture).FullName!, "Isolated"), t => t.Name.Length == 0);
            Assert.False(replay.HasDrift, string.Join("\n", replay.Drifts));
        }

        // A test assembly that could not be read (GOV1005) once left nothing in the evidence package, so the replay of that
        // no-go stopped with GOV8002 instead of deciding no-go again. Failed reads are now recorded (probe kind
        // 'unreadable'), and the replay fails them the same way, for every input the gate could not read.
        [Fact]
        public void A_decision_on_an_unreadable_test_assembly_replays_to_the_same_no_go()
        {
            using var dir = new TempDirectory();
            string bad = dir.Write("tests/bin/Shop.Tests.dll", "not an assembly");
            GateRequest request = Repository(dir, Trx(bad, new Test("t1", "Isolated", "Passed")));

            string package = EvidencePackageTests.Gate(request, dir.Combine("artifacts"));
            ReplayResult replay = EvidenceReplay.Replay(package);

            Assert.False(replay.HasDrift, string.Join("\n", replay.Drifts));
        }

        // Exemptions are judged by the rules of exceptions, their lifetime cap too: exceptionMaxDays (90 days by default)
        // keeps an exception from becoming a check turned off; an exemption has no created, so what it may still run is capped.
        [Fact]
        public void An_exemption_that_never_expires_is_capped_as_exceptions_are()
        {
            var capability = new Capability("rates.read", "team-pricing", CapabilityChannel.Internal, Policy.Severity.Low, 1, SameTenantStatus.Exempt,
                Array.Empty<string>(), Array.Empty<string>(), new CapabilityExemption("shared", "security-lead", new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero), 4), 3);

            string? problem = ExemptionRules.Problem(capability, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), Policy.GovernancePolicy.BuiltInDefaults);

            Assert.StartsWith("expires at 9999-12-30T00:00:00Z, ", problem);
            Assert.EndsWith("longer ahead than the 90 days allowed when the policy sets no exceptionMaxDays. Set an earlier expires, and renew it with a new approval when it is due", problem);
        }

        // Hostile metadata. A type reference whose scope is itself, or a type nested in itself, sent the trait reader's name
        // recursion into a stack overflow, which no catch stops: the MSBuild node or the CLI died without a diagnostic.
        // A base type outside the type table threw KeyNotFoundException, which escaped as a stack trace.
        [Theory]
        [InlineData("type-reference-loop")]
        [InlineData("nested-type-loop")]
        [InlineData("base-type-out-of-range")]
        [InlineData("string-longer-than-its-blob")]
        public void Hostile_metadata_is_a_bad_image_naming_the_assembly(string shape)
        {
            using var dir = new TempDirectory();
            string assembly = dir.Combine("Evil.Tests.dll");
            HostileAssembly.Write(assembly, shape);

            BadImageFormatException ex = Assert.Throws<BadImageFormatException>(() => TestTraitReader.Read(assembly));

            Assert.StartsWith("Evil.Tests.dll is not a .NET assembly", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("none", "Capability=orders.read")]
        [InlineData("constructor-signature-garbage", "")]
        public void The_hostile_assembly_builder_makes_a_readable_assembly_and_a_constructor_cut_short_is_no_trait(string shape, string expected)
        {
            using var dir = new TempDirectory();
            string assembly = dir.Combine("Evil.Tests.dll");
            HostileAssembly.Write(assembly, shape);

            TestAssemblyTraits traits = TestTraitReader.Read(assembly);

            Assert.Equal(expected, string.Join(",", traits.For("Evil.Tests", "Isolated").Select(t => $"{t.Name}={t.Value}")));
        }

        // Held: traits swapped in the evidence package (one that makes the isolation test prove nothing) are caught. In
        // place they no longer match their digest (GOV8002); added as a new blob with inputs.json and SHA256SUMS rewritten
        // to match, they replay to another decision than the recorded one (GOV8001). Only the DSSE envelope vouches for the writer.
        [Fact]
        public void Traits_swapped_in_the_evidence_package_are_an_altered_entry_or_a_drift_never_the_same_go()
        {
            using var dir = new TempDirectory();
            string assembly = typeof(Adversarial.NamelessTraitFixture).Assembly.Location;
            string trx = Trx(assembly, new Test("t1", "Isolated", "Passed")).Replace("Shop.Tests.OrderTests", typeof(Adversarial.NamelessTraitFixture).FullName, StringComparison.Ordinal);
            string package = EvidencePackageTests.Gate(Repository(dir, trx), dir.Combine("artifacts"));
            var entries = new System.Collections.Generic.SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            using (System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                foreach (System.IO.Compression.ZipArchiveEntry entry in zip.Entries)
                {
                    using Stream stream = entry.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    entries[entry.FullName] = copy.ToArray();
                }
            }

            string inputs = Encoding.UTF8.GetString(entries[EvidencePackageLayout.Inputs]);
            using System.Text.Json.JsonDocument parsed = System.Text.Json.JsonDocument.Parse(inputs);
            string sha = parsed.RootElement.GetProperty("files").EnumerateArray()
                .Single(f => f.GetProperty("role").GetString() == Inputs.InputRole.TestTraits && f.GetProperty("path").GetString()!.EndsWith("Governance.Core.Tests.dll", StringComparison.Ordinal))
                .GetProperty("sha256").GetString()!;
            byte[] swapped = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entries["inputs/sha256/" + sha]).Replace("\"Capability\"", "\"Capabilitx\"", StringComparison.Ordinal));
            string swappedSha = Sha256.OfBytes(swapped);

            var inPlace = new System.Collections.Generic.SortedDictionary<string, byte[]>(entries) { ["inputs/sha256/" + sha] = swapped };
            var consistent = new System.Collections.Generic.SortedDictionary<string, byte[]>(entries)
            {
                ["inputs/sha256/" + swappedSha] = swapped,
                [EvidencePackageLayout.Inputs] = Encoding.UTF8.GetBytes(inputs.Replace(sha, swappedSha, StringComparison.Ordinal)),
            };

            Assert.Throws<EvidenceIncompleteException>(() => EvidenceReplay.Replay(Package(dir.Combine("in-place.zip"), inPlace)));
            ReplayResult replay = EvidenceReplay.Replay(Package(dir.Combine("consistent.zip"), consistent));
            Assert.True(replay.HasDrift);
            Assert.Contains(replay.Drifts, d => d.Id == "tenant:orders.read");
        }

        private static string Package(string path, System.Collections.Generic.SortedDictionary<string, byte[]> entries)
        {
            entries[EvidencePackageLayout.Sums] = Encoding.UTF8.GetBytes(string.Concat(entries
                .Where(e => e.Key != EvidencePackageLayout.Sums)
                .Select(e => Sha256.OfBytes(e.Value) + "  " + e.Key + "\n")));
            using System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
            foreach (var entry in entries)
            {
                using Stream stream = zip.CreateEntry(entry.Key).Open();
                stream.Write(entry.Value, 0, entry.Value.Length);
            }

            return path;
        }

        // The history is hash-chained, not signed: whoever can write the store can write a chain that verifies. An entry
        // whose commit was null was believed, and writing the rollout page then threw NullReferenceException (a stack trace).
        [Theory]
        [InlineData("null")]
        [InlineData("42")]
        public void A_history_entry_without_a_commit_is_not_well_formed_rather_than_a_crash(string commit)
        {
            using var dir = new TempDirectory();
            GateRequest request = Repository(dir, Trx("/ci/Shop.Tests.dll", new Test("t1", "Isolated", "Passed", Isolation)));
            var store = new Core.Store.FileSystem.DirectoryReleaseStore(dir.Combine(".governance/store"));
            Core.Store.HashChain.Append(store, new Core.Store.StreamAppend(TenantHistory.StreamName("App"), TenantHistory.SchemaVersion, w =>
            {
                w.WriteString("recordedAt", "2026-11-25T00:00:00Z");
                w.WritePropertyName("commit");
                using (var value = System.Text.Json.JsonDocument.Parse(commit))
                {
                    value.RootElement.WriteTo(w);
                }

                w.WriteNumber("required", 1);
                w.WriteNumber("covered", 1);
                w.WriteNumber("enforced", 1);
                w.WriteNumber("pending", 0);
                w.WriteNumber("exempt", 0);
            }, _ => false, Diagnostics.Gov.StoreTampered, "forged"));

            GateEvaluation evaluation = GateEvaluator.Evaluate(request);
            Core.Reports.GateOutputs.Write(evaluation, dir.Combine("artifacts"));

            CheckResult history = Check(evaluation.Report, TenantIsolationCheck.HistoryCheckId);
            Assert.Equal(("GOV7003", CheckStatus.Error), (history.Code, history.Status));
            Assert.Contains("entry 1 is not a well-formed tenant history entry", history.Message, StringComparison.Ordinal);
        }

        /// <summary>The result of <paramref name="work"/>, failing the test (not hanging it) when it takes more than 30 s.</summary>
        private static async Task<T> Within<T>(Func<T> work)
        {
            Task<T> task = Task.Run(work);
            if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30))) != task)
            {
                Assert.Fail("Still reading after 30 s: it waited on a pipe or read a device without end.");
            }

            return await task;
        }

        private static void MakeFifo(string path)
        {
            using Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
    }

    /// <summary>Writes a minimal assembly with one class (Evil.Tests) whose public method carries an xUnit trait, broken in one way.</summary>
    internal static class HostileAssembly
    {
        public static void Write(string path, string shape)
        {
            var md = new MetadataBuilder();
            md.AddModule(0, md.GetOrAddString("Evil.Tests.dll"), md.GetOrAddGuid(new Guid("6d1b0c7e-0a3f-4f5e-9b7a-2d0c8e4f1a22")), default, default);
            md.AddAssembly(md.GetOrAddString("Evil.Tests"), new Version(1, 0, 0, 0), default, default, 0, AssemblyHashAlgorithm.None);
            AssemblyReferenceHandle xunit = md.AddAssemblyReference(md.GetOrAddString("xunit.core"), new Version(2, 9, 0, 0), default, default, 0, default);

            // Row 1 of TypeRef: Xunit.TraitAttribute, scoped to xunit.core, or to itself.
            EntityHandle scope = shape == "type-reference-loop"
                ? MetadataTokens.TypeReferenceHandle(1)
                : xunit;
            TypeReferenceHandle trait = md.AddTypeReference(scope, md.GetOrAddString("Xunit"), md.GetOrAddString("TraitAttribute"));

            var constructorSignature = new BlobBuilder();
            if (shape == "constructor-signature-garbage")
            {
                constructorSignature.WriteBytes(new byte[] { 0x20, 0x02, 0x01, 0x0E });
            }
            else
            {
                new BlobEncoder(constructorSignature).MethodSignature(isInstanceMethod: true).Parameters(2, r => r.Void(), p =>
                {
                    p.AddParameter().Type().String();
                    p.AddParameter().Type().String();
                });
            }

            MemberReferenceHandle constructor = md.AddMemberReference(trait, md.GetOrAddString(".ctor"), md.GetOrAddBlob(constructorSignature));

            var methodSignature = new BlobBuilder();
            new BlobEncoder(methodSignature).MethodSignature().Parameters(0, r => r.Void(), p => { });
            MethodDefinitionHandle method = md.AddMethodDefinition(
                MethodAttributes.Public, MethodImplAttributes.IL, md.GetOrAddString("Isolated"), md.GetOrAddBlob(methodSignature), -1, default);

            md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), method);
            EntityHandle baseType = shape == "base-type-out-of-range" ? MetadataTokens.TypeDefinitionHandle(999) : default;
            TypeDefinitionHandle type = md.AddTypeDefinition(
                TypeAttributes.Public | TypeAttributes.Class, md.GetOrAddString("Evil"), md.GetOrAddString("Tests"), baseType,
                MetadataTokens.FieldDefinitionHandle(1), method);
            if (shape == "nested-type-loop")
            {
                md.AddNestedType(type, type);
            }

            var value = new BlobBuilder();
            value.WriteUInt16(1);
            if (shape == "string-longer-than-its-blob")
            {
                value.WriteCompressedInteger(1000);
                value.WriteBytes(Encoding.UTF8.GetBytes("Capability"));
            }
            else
            {
                value.WriteSerializedString("Capability");
                value.WriteSerializedString("orders.read");
                value.WriteUInt16(0);
            }

            md.AddCustomAttribute(method, constructor, md.GetOrAddBlob(value));

            var pe = new ManagedPEBuilder(
                PEHeaderBuilder.CreateLibraryHeader(),
                new MetadataRootBuilder(md),
                new BlobBuilder());
            var image = new BlobBuilder();
            pe.Serialize(image);
            File.WriteAllBytes(path, image.ToArray());
        }
    }
}
