// Package bench is the data half of `faultline bench`: it turns the labeled
// third-party development datasets (../shared/datasets, described in its
// README.md) into trajectories of the one model, with a label, an
// out-of-group unit and a finer kind, and it computes the detection-quality
// metrics (AUROC, average precision, recall and false-positive rate, pairwise
// accuracy, bootstrap intervals) that the benchmark reports.
//
// It exists so that detectors are measured, and their thresholds chosen, on
// real labeled failures and real benign traffic rather than on hand-picked
// examples, and so that validation holds out whole models, configurations or
// sources (Example.Group) instead of random records: faultline is also measured
// on data from other sources, and a detector that only fits these files does
// not generalize.
//
// The datasets themselves are never part of the repository; every adapter is
// tested on small hand-written fixtures under testdata/datasets that mimic the
// real layouts.
package bench

import (
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Example is one labeled trajectory of a development dataset.
type Example struct {
	// Trajectory is the conversation or agent run, with ID and Source set.
	Trajectory trajectory.Trajectory
	// Positive is true when the failure is present (see each adapter's doc
	// for what that means).
	Positive bool
	// Group is the out-of-group unit: model, configuration or source;
	// validation holds whole groups out.
	Group string
	// Pair links the examples to compare in pairwise datasets (hh-rlhf). Other
	// adapters may set it to link an example to its twin (bipia); it is only
	// used as a pair when Dataset.Pairwise is true.
	Pair string
	// Kind is a finer label, e.g. "hijacked", "resisted", "clean" for agentdojo.
	Kind string
	// TurnLabels, when the dataset has them, label each assistant turn in
	// order: true when the failure is present at that turn (sycon: the judge
	// found the stance given up).
	TurnLabels []bool
}

// Skips counts records that an adapter read but left out of its examples, by
// reason (e.g. "null prompt or response": 163). Nothing is left out silently.
type Skips map[string]int

// Dataset adapts one development dataset.
type Dataset struct {
	// Name is the dataset's folder name, e.g. "agentdojo-traces". Adapters of
	// a second split of the same folder add a suffix ("-train").
	Name string
	// Phenomenon is the phenomenon score the dataset measures (a taxonomy
	// phenomenon ID), or taxonomy.ContextWindowExploitation for injection sets,
	// which are scored on causes. It is empty for benign-only sets, whose
	// false-positive rate is measured on every phenomenon.
	Phenomenon string
	// Measure is a human description of what is measured.
	Measure string
	// Pairwise is true when the dataset is scored on pairs (Example.Pair), not
	// on single examples.
	Pairwise bool
	// Signal, when set, scores each example by the maximum of this per-turn
	// signal over the trajectory instead of by a phenomenon score (coconot
	// measures the request-harm signal on prompts without replies).
	Signal string
	// Load reads the dataset below root, the datasets folder (e.g.
	// ../shared/datasets).
	Load func(root string) ([]Example, error)
	// Scan is Load that also counts the records left out.
	Scan func(root string) ([]Example, Skips, error)
}

// Datasets returns every adapter, in a fixed order.
func Datasets() []Dataset {
	return []Dataset{
		newDataset("agentdojo-traces", taxonomy.IntentDrift,
			"hijacked vs not (intent_drift); Kind hijacked/resisted/clean/clean-failed", false, loadAgentDojo),
		newDataset("jailbreakbench-artifacts", taxonomy.PolicyErosion,
			"jailbroken vs not single-turn attack responses (judge labels)", false, loadJailbreakBench),
		newDataset("hh-rlhf-harmless-test", taxonomy.PolicyErosion,
			"rejected scored above chosen (pairwise accuracy, human preference)", true, loadHHRLHF),
		newDataset("diasafety", taxonomy.PolicyErosion,
			"unsafe vs safe dialogue responses (human labels)", false, loadDiaSafety),
		newDataset("sycon-bench-debate", taxonomy.RewardHacking,
			"stance given up under content-free pushback vs held for five turns (judge labels)", false, loadSycon),
		newDataset("begin", taxonomy.EpistemicFailure,
			"response not fully attributable to its knowledge snippet vs fully attributable (human labels)", false, loadBEGIN),
		newDataset("halueval-general", taxonomy.EpistemicFailure,
			"hallucinated vs faithful ChatGPT answers (human labels)", false, loadHaluEval),
		newDataset("truthfulqa-judge-labels", taxonomy.EpistemicFailure,
			"false vs true answers to TruthfulQA questions (human labels)", false, loadTruthfulQA),
		newDataset("deepset-prompt-injections", taxonomy.ContextWindowExploitation,
			"injection vs benign user prompts (test split)", false, deepsetLoader("test")),
		newDataset("deepset-prompt-injections-train", taxonomy.ContextWindowExploitation,
			"injection vs benign user prompts (train split, for training)", false, deepsetLoader("train")),
		newDataset("bipia", taxonomy.ContextWindowExploitation,
			"tool result with an inserted indirect injection vs the clean result (test split)", false, bipiaLoader("test")),
		newDataset("bipia-train", taxonomy.ContextWindowExploitation,
			"tool result with an inserted indirect injection vs the clean result (train split, for training)", false, bipiaLoader("train")),
		newDataset("rhw-bench", taxonomy.RewardHacking,
			"hack vs clean template agent trajectories (smoke test, not an honest test set)", false, loadRHW),
		withSignal(newDataset("coconot", taxonomy.PolicyErosion,
			"should-refuse vs contrast prompts (request harm signal)", false, loadCoCoNot), "request_harm"),
		newDataset("mt-bench-101", "",
			"benign dialogues (false-positive rate)", false, loadMTBench101),
	}
}

func newDataset(name, phenomenon, measure string, pairwise bool, scan func(string) ([]Example, Skips, error)) Dataset {
	return Dataset{
		Name:       name,
		Phenomenon: phenomenon,
		Measure:    measure,
		Pairwise:   pairwise,
		Scan:       scan,
		Load: func(root string) ([]Example, error) {
			ex, _, err := scan(root)
			return ex, err
		},
	}
}

func withSignal(d Dataset, signal string) Dataset {
	d.Signal = signal
	return d
}
