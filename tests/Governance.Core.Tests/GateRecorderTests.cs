using System.IO;
using Governance.Core.Diagnostics;
using Governance.Core.Evaluation;
using Governance.Core.Reports;

namespace Governance.Core.Tests;

/// <summary>Decide, write, then record: the evaluation writes nothing, the recorder writes last.</summary>
public class GateRecorderTests
{
    [Fact]
    public void Evaluating_a_blocking_run_writes_nothing_until_it_is_recorded()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");

        GateEvaluation evaluation = GateEvaluator.Evaluate(request);

        Assert.Single(evaluation.Records);
        Assert.False(Directory.Exists(dir.Combine(".governance/store")), "the evaluation wrote to the store");
        GateOutputs.Write(evaluation, dir.Combine("artifacts"));
        Assert.False(Directory.Exists(dir.Combine(".governance/store")), "writing the outputs wrote to the store");

        Assert.Empty(GateRecorder.Record(evaluation));
        Assert.Single(Directory.GetFiles(dir.Combine(".governance/store/streams/slo-history/app"), "*.json"));
        Assert.Empty(GateRecorder.Record(evaluation));
        Assert.Single(Directory.GetFiles(dir.Combine(".governance/store/streams/slo-history/app"), "*.json"));
    }

    [Fact]
    public void A_run_that_cannot_be_recorded_is_GOV5006_naming_the_history_and_nothing_is_left_half_written()
    {
        using var dir = new TempDirectory();
        GateRequest request = GoldenGateTests.Repository(dir, "strict", "main");
        GateEvaluation evaluation = GateEvaluator.Evaluate(request);
        dir.Write(".governance/store/streams/slo-history/app", "a file where the history's folder belongs");

        Diagnostic problem = Assert.Single(GateRecorder.Record(evaluation));

        Assert.Equal("GOV5006", problem.Code);
        Assert.Contains("The SLO history of 'App' in the release store", problem.Message);
        Assert.Contains("this run is not recorded", problem.Message);
        Assert.True(File.Exists(dir.Combine(".governance/store/streams/slo-history/app")));
    }

    [Fact]
    public void The_evaluation_knows_every_file_it_read_with_its_role()
    {
        using var dir = new TempDirectory();
        GateEvaluation evaluation = GateEvaluator.Evaluate(GoldenGateTests.Repository(dir, "strict", "main"));

        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("governance.json") && r.Role == "policy" && r.ContentRead);
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("governance.exceptions.json") && r.Role == "exceptions");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("contracts/order.schema.json") && r.Role == "schema");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("contracts/b.json") && r.Role == "contract");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("metrics/run.json") && r.Role == "metric");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("evidence/notes.json") && r.Role == "evidence");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("src/App/obj/governance/collect.json") && r.Role == "fragment");
        Assert.Contains(evaluation.Inputs, r => r.Path == dir.Combine("src/App/bin/App.dll") && r.Role == "build-file" && !r.ContentRead);
        Assert.All(evaluation.Inputs, r => Assert.Equal(64, r.Sha256.Length));
    }
}
